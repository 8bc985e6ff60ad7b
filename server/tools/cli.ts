// Shared start-up for command-line tools: config, a quiet logger, the database.
import { loadConfigOrExit, type Config } from '../config.js';
import { loadEnvFile } from '../env-file.js';
import { openDatabase, type Database } from '../db/database.js';
import { createLogger } from '../logger.js';

export async function openToolDatabase(): Promise<{ config: Config; db: Database }> {
  loadEnvFile();
  const config = loadConfigOrExit(2);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  try {
    return { config, db: await openDatabase(config, logger, { shareRunning: true }) };
  } catch (err) {
    console.error(`Could not open the database: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}
