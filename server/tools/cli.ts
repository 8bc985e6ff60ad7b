// Shared start-up for command-line tools: config, a quiet logger, the database.
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { createLogger } from '../logger.js';

export async function openToolDatabase(): Promise<{ config: Config; db: Database }> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  try {
    return { config, db: await openDatabase(config, logger, { shareRunning: true }) };
  } catch (err) {
    console.error(`Could not open the database: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}
