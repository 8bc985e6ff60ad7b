// Opens the database the configuration names: MONGODB_URI, or the embedded FerretDB.
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { within } from './within.js';
import { findRunningEmbedded, startEmbeddedFerretDb, type EmbeddedFerretDb } from './embedded-ferretdb.js';

const SERVER_SELECTION_TIMEOUT_MS = 5_000;

export interface DatabaseHealth {
  ok: boolean;
  kind: 'ferretdb' | 'mongodb' | 'unknown';
  version: string | null;
}

export interface Database {
  connection: Connection;
  health(): Promise<DatabaseHealth>;
  close(): Promise<void>;
}

/** Connects mongoose to `uri`, using database `dbName` (the URI's own when omitted). */
export async function connectMongoose(uri: string, dbName?: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    ...(dbName ? { dbName } : {}),
  });
  await connection.asPromise();
  return connection;
}

/** A health check answers within this, so that /healthz says 503 while the database is stalled. */
export const HEALTH_PROBE_TIMEOUT_MS = 1_500;

export async function probeDatabase(connection: Connection): Promise<DatabaseHealth> {
  try {
    const db = connection.db;
    if (!db) return { ok: false, kind: 'unknown', version: null };
    const info = await within(HEALTH_PROBE_TIMEOUT_MS, db.admin().command({ buildInfo: 1 }));
    const ferret = typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : undefined;
    return ferret ? { ok: true, kind: 'ferretdb', version: ferret } : { ok: true, kind: 'mongodb', version: String(info.version) };
  } catch {
    return { ok: false, kind: 'unknown', version: null };
  }
}

export const EMBEDDED_DB_NAME = 'linkroom';

/**
 * Opens the configured database. With `shareRunning`, a tool (log:verify, demo) uses the
 * embedded FerretDB of a server that is already running on the same DATA_DIR.
 */
export async function openDatabase(config: Config, logger: Logger, opts: { shareRunning?: boolean } = {}): Promise<Database> {
  let embedded: EmbeddedFerretDb | undefined;
  let uri: string;
  const running = 'embedded' in config.database && opts.shareRunning ? await findRunningEmbedded(config.database.embedded.dataDir) : undefined;
  if ('uri' in config.database) {
    uri = config.database.uri;
  } else if (running) {
    uri = `${running}${EMBEDDED_DB_NAME}`;
  } else {
    embedded = await startEmbeddedFerretDb({ ...config.database.embedded, logger: logger.child({ part: 'db' }) });
    uri = `${embedded.uri}${EMBEDDED_DB_NAME}`;
  }
  try {
    const connection = await connectMongoose(uri);
    logger.info({ db: connection.name }, 'database connected');
    return {
      connection,
      health: () => probeDatabase(connection),
      async close() {
        await connection.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
