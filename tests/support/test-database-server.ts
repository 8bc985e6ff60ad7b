// The database server a test run uses: MONGODB_URI when given, else an embedded FerretDB
// in a temporary directory, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../server/config.js';
import { startEmbeddedFerretDb } from '../../server/db/embedded-ferretdb.js';

/** `pid`: the embedded database's process (for benchmarks that measure its CPU); none with MONGODB_URI. */
export async function startTestDatabaseServer(): Promise<{ uri: string; pid?: number; stop(): Promise<void> }> {
  const external = process.env.MONGODB_URI;
  if (external) {
    const url = new URL(external);
    url.pathname = '/';
    return { uri: url.toString(), stop: async () => undefined };
  }
  const config = loadConfig({ ...process.env, MONGODB_URI: undefined });
  if (!('embedded' in config.database)) throw new Error('unreachable');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'linkroom-test-db-'));
  const db = await startEmbeddedFerretDb({ bin: config.database.embedded.bin, dataDir, logger: pino({ level: 'warn' }) });
  return {
    uri: db.uri,
    ...(db.process.pid ? { pid: db.process.pid } : {}),
    async stop() {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
