// The embedded database: a FerretDB child process on SQLite, data under DATA_DIR.
// Started before anything touches the database, health-checked, stopped on shutdown.
// It never outlives the server: the kernel stops it when the server dies (setpriv
// --pdeathsig), and one left by a crash of an older version is found by its pid file
// and stopped at the next start.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import { spawnTied } from '../spawn-tied.js';

export const FERRETDB_START_TIMEOUT_MS = 20_000;
const HEALTH_POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5_000;
const FERRETDB_GOGC = '400';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

/** Where a running embedded server leaves its address, so that tools (log:verify, demo)
 * can use it instead of opening the same files with a second FerretDB. */
export const runningUriFile = (dataDir: string) => path.join(dataDir, 'ferretdb.uri');
/** The pid of the FerretDB serving DATA_DIR and the pid of the server that started it. */
export const pidFile = (dataDir: string) => path.join(dataDir, 'ferretdb.pid');

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The command line of a process, or '' when it is gone. */
const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/** The parent pid of a process (field 4 of /proc/<pid>/stat, after the command in parentheses). */
const parentOf = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
};

/**
 * Before a FerretDB is started on DATA_DIR: one still serving it for a live server means a
 * second server on the same data (refused: two writers of one SQLite file); one whose server
 * is gone is a leftover of a crash, and is stopped.
 */
async function stopLeftover(dataDir: string, sqliteDir: string, logger: Logger): Promise<void> {
  const file = pidFile(dataDir);
  if (!existsSync(file)) return;
  const [dbPid, serverPid] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
  if (!dbPid || !isAlive(dbPid) || !commandLine(dbPid).includes(sqliteDir)) return;
  if (serverPid && serverPid !== process.pid && parentOf(dbPid) === serverPid) {
    throw new EmbeddedDatabaseError(
      `DATA_DIR ${dataDir} is in use by another Linkroom server (pid ${serverPid}). Stop it first, or give this one another DATA_DIR.`,
    );
  }
  logger.warn({ pid: dbPid }, 'stopping the embedded FerretDB left running by a server that stopped without closing it');
  process.kill(dbPid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isAlive(dbPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, HEALTH_POLL_INTERVAL_MS));
  if (isAlive(dbPid)) process.kill(dbPid, 'SIGKILL');
}

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
    throw new EmbeddedDatabaseError(`FerretDB binary not found at ${opts.bin}. Run \`npm run provision\`, or set MONGODB_URI to a MongoDB server.`);
  }
  const sqliteDir = path.join(opts.dataDir, 'ferretdb');
  const stateDir = path.join(opts.dataDir, 'ferretdb-state');
  mkdirSync(sqliteDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  await stopLeftover(opts.dataDir, sqliteDir, opts.logger);
  const port = await freeLoopbackPort();
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${sqliteDir}/`,
    `--state-dir=${stateDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    // FerretDB logs every unsupported command (e.g. endSessions) as a warning: noise.
    '--log-level=error',
    '--log-format=json',
    // Dotted fields (scope.linkId) reach the patched backend, which pushes them down to
    // indexes that never held an array on their path (scripts/ferretdb/README.md).
    '--test-enable-nested-pushdown',
    // One SQLite transaction (one sync to disk) per 500 inserted documents instead of 100:
    // the log's group commit writes batches of up to 500 events.
    '--test-batch-size=500',
  ];
  // Go collects garbage four times less often than its default: long reads decode every
  // document into short-lived objects, and a tenth of their time went to collecting them.
  const spawnOpts: SpawnOptions = { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GOGC: FERRETDB_GOGC } };
  const child = spawnTied(opts.bin, args, spawnOpts);
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
  writeFileSync(pidFile(opts.dataDir), `${child.pid} ${process.pid}\n`);
  writeFileSync(runningUriFile(opts.dataDir), uri);
  opts.logger.info({ port, dataDir: sqliteDir, pid: child.pid }, 'embedded FerretDB started');
  return {
    uri,
    process: child,
    async stop() {
      const file = runningUriFile(opts.dataDir);
      if (existsSync(file) && readFileSync(file, 'utf8') === uri) rmSync(file, { force: true });
      const pids = pidFile(opts.dataDir);
      if (existsSync(pids) && readFileSync(pids, 'utf8').startsWith(`${child.pid} `)) rmSync(pids, { force: true });
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
