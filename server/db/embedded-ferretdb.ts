// The embedded database: a FerretDB child process on SQLite, data under DATA_DIR.
// Started before anything touches the database, health-checked, stopped on shutdown.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Logger } from 'pino';

export const FERRETDB_START_TIMEOUT_MS = 20_000;
const HEALTH_POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5_000;

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

/** Where a running embedded server leaves its address, so that tools (log:verify, demo)
 * can use it instead of opening the same files with a second FerretDB. */
export const runningUriFile = (dataDir: string) => path.join(dataDir, 'ferretdb.uri');

/** The URI of an embedded FerretDB already serving `dataDir`, if one answers. */
export async function findRunningEmbedded(dataDir: string): Promise<string | undefined> {
  const file = runningUriFile(dataDir);
  if (!existsSync(file)) return undefined;
  const uri = readFileSync(file, 'utf8').trim();
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000, directConnection: true });
  try {
    await client.db('admin').command({ ping: 1 });
    return uri;
  } catch {
    return undefined;
  } finally {
    await client.close().catch(() => undefined);
  }
}

export interface EmbeddedFerretDb {
  uri: string;
  /** Resolves once the process has exited. */
  stop(): Promise<void>;
  process: ChildProcess;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilAnswering(uri: string, child: ChildProcess, stderrTail: () => string): Promise<void> {
  const deadline = Date.now() + FERRETDB_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new EmbeddedDatabaseError(`FerretDB exited during start-up (${child.exitCode ?? child.signalCode}):\n${stderrTail()}`);
    }
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, directConnection: true });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, HEALTH_POLL_INTERVAL_MS));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new EmbeddedDatabaseError(`FerretDB did not answer within ${FERRETDB_START_TIMEOUT_MS} ms:\n${stderrTail()}`);
}

export async function startEmbeddedFerretDb(opts: { bin: string; dataDir: string; logger: Logger }): Promise<EmbeddedFerretDb> {
  if (!existsSync(opts.bin)) {
    throw new EmbeddedDatabaseError(
      `FerretDB binary not found at ${opts.bin}. Run \`npm run provision\`, or set MONGODB_URI to a MongoDB server.`,
    );
  }
  const sqliteDir = path.join(opts.dataDir, 'ferretdb');
  const stateDir = path.join(opts.dataDir, 'ferretdb-state');
  mkdirSync(sqliteDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const port = await freeLoopbackPort();
  const child = spawn(
    opts.bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDir}/`,
      `--state-dir=${stateDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      // FerretDB logs every unsupported command (e.g. endSessions) as a warning: noise.
      '--log-level=error',
      '--log-format=json',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let tail = '';
  const keepTail = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
    for (const line of chunk.toString().split('\n').filter(Boolean)) opts.logger.error({ ferretdb: line.slice(0, 2000) }, 'ferretdb');
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitUntilAnswering(uri, child, () => tail);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  writeFileSync(runningUriFile(opts.dataDir), uri);
  opts.logger.info({ port, dataDir: sqliteDir, pid: child.pid }, 'embedded FerretDB started');
  return {
    uri,
    process: child,
    async stop() {
      const file = runningUriFile(opts.dataDir);
      if (existsSync(file) && readFileSync(file, 'utf8') === uri) rmSync(file, { force: true });
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
