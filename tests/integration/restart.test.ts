// Linkroom on data it wrote before: after a clean stop and after kill -9, every time; the
// embedded database never outlives its server; a call live at a crash is ended at the
// next start, and the log says so.
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMongoose, EMBEDDED_DB_NAME } from '../../server/db/database.js';
import { pidFile, runningUriFile } from '../../server/db/embedded-ferretdb.js';
import { SafeguardingLog } from '../../server/safeguarding/safeguarding-log.js';
import { isAlive, startServer, waitForUrl, type ServerProcess } from '../support/server-process.js';
import { until } from '../support/until.js';

const DB_EXIT_AFTER_PARENT_DIES_MS = 5_000;
/** Long enough for a busy machine; the server gives up on the database after HEALTH_PROBE_TIMEOUT_MS (1.5 s). */
const HEALTHZ_DEADLINE_MS = 5_000;

describe('restarting on the same data', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'linkroom-restart-'));
  const env = { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, SFU_WORKERS: '1' };
  const running: ServerProcess[] = [];
  afterAll(() => {
    for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const server = startServer(env);
    running.push(server);
    const url = await waitForUrl(server);
    const [dbPid, serverPid] = readFileSync(pidFile(dataDir), 'utf8').trim().split(' ').map(Number) as [number, number];
    return { server, url, dbPid, serverPid };
  };
  const withDatabase = async <T>(fn: (db: ReturnType<MongoClient['db']>) => Promise<T>): Promise<T> => {
    const client = new MongoClient(readFileSync(runningUriFile(dataDir), 'utf8'), { directConnection: true });
    try {
      return await fn(client.db(EMBEDDED_DB_NAME));
    } finally {
      await client.close();
    }
  };
  /** A write through the server: a failed login is logged. */
  const failLogin = async (url: string) => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong-password' }),
    });
    expect(res.status).toBe(401);
  };
  const failedLogins = () => withDatabase((db) => db.collection('safeguarding_log').countDocuments({ type: 'auth.login.failed' }));

  it('starts, writes, stops (SIGTERM) and starts again on the same data', async () => {
    const first = await start();
    await failLogin(first.url);
    first.server.child.kill('SIGTERM');
    expect((await once(first.server.child, 'exit'))[0]).toBe(0);
    expect(isAlive(first.dbPid)).toBe(false);

    const second = await start();
    await failLogin(second.url);
    expect(await failedLogins()).toBe(2);
    second.server.child.kill('SIGTERM');
    expect((await once(second.server.child, 'exit'))[0]).toBe(0);
  }, 120_000);

  it('after kill -9: the database stops with its server, and a live call is ended as interrupted at the next start', async () => {
    const crashed = await start();
    const callId = new ObjectId();
    await withDatabase((db) =>
      db.collection('calls').insertOne({
        _id: callId,
        programmeId: new ObjectId(),
        linkId: new ObjectId(),
        schoolIds: [new ObjectId(), new ObjectId()],
        title: 'Autumn call',
        status: 'live',
        devices: [],
        createdBy: new ObjectId(),
      }),
    );
    process.kill(crashed.serverPid, 'SIGKILL');
    await until('the embedded database to stop after its server died', () => !isAlive(crashed.dbPid), DB_EXIT_AFTER_PARENT_DIES_MS);

    const next = await start();
    expect(next.dbPid).not.toBe(crashed.dbPid);
    await failLogin(next.url);
    expect(await failedLogins()).toBe(3);
    const call = await withDatabase((db) => db.collection('calls').findOne({ _id: callId }));
    expect(call).toMatchObject({ status: 'ended', endedAt: expect.any(Date) });
    const ended = await withDatabase((db) =>
      db
        .collection('safeguarding_log')
        .find({ 'scope.callId': String(callId) })
        .toArray(),
    );
    expect(ended).toEqual([expect.objectContaining({ type: 'call.ended', payload: { by: 'server-restart', interrupted: true, lastStatus: 'live' } })]);

    const connection = await connectMongoose(readFileSync(runningUriFile(dataDir), 'utf8') + EMBEDDED_DB_NAME);
    try {
      expect(await new SafeguardingLog(connection).verify()).toMatchObject({ ok: true });
    } finally {
      await connection.close();
    }

    // While the database is stalled, /healthz still answers, 503, in time (HEALTH_PROBE_TIMEOUT_MS).
    process.kill(next.dbPid, 'SIGSTOP');
    try {
      // kill() returns before every thread has stopped: on a loaded machine the database
      // could still answer the next probe. Wait until all its threads show "stopped".
      await until('the database to be stopped', () => allThreadsStopped(next.dbPid), 5_000);
      const stalled = await fetch(`${next.url}/healthz`, { signal: AbortSignal.timeout(HEALTHZ_DEADLINE_MS) });
      expect(stalled.status).toBe(503);
      expect(await stalled.json()).toMatchObject({ status: 'degraded', db: { ok: false } });
    } finally {
      process.kill(next.dbPid, 'SIGCONT');
    }
    expect((await fetch(`${next.url}/healthz`)).status).toBe(200);

    // A second server on the same data is refused while this one runs.
    const second = startServer(env);
    running.push(second);
    expect((await once(second.child, 'exit'))[0]).toBe(1);
    expect(second.output()).toMatch(/in use by another Linkroom server/);
    await withDatabase((db) => db.command({ ping: 1 }));

    next.server.child.kill('SIGTERM');
    expect((await once(next.server.child, 'exit'))[0]).toBe(0);
  }, 120_000);
});

/** Whether every thread of the process is in the stopped state (T) after SIGSTOP. */
function allThreadsStopped(pid: number): boolean {
  return readdirSync(`/proc/${pid}/task`).every((tid) => /\) T /.test(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
}
