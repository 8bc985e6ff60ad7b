// Two Linkroom nodes on one database and one Redis (REDIS_URL), as behind a proxy that sends
// each request to either: a limit holds across both, whichever node each attempt reaches.
// And a node that cannot reach its Redis does not start (it would keep limits of its own).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JOIN_LOOKUPS_PER_MINUTE } from '../../server/calls/join-guard.js';
import { loadConfig } from '../../server/config.js';
import { startLinkroom, type Linkroom } from '../../server/linkroom.js';
import { startCallWorld, startWorldNode, type CallWorld } from '../support/call-world.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

const LOGIN_LIMIT = 3;
type Ack = { ok: boolean; error?: { code: string } };

describe('two nodes sharing Redis', () => {
  let redis: TestRedis;
  let world: CallWorld;
  let nodeB: Linkroom;
  let runningOnA = '';
  const sockets: Socket[] = [];
  const dbName = `two_nodes_${process.pid}`;
  const env = () => ({ TRUST_PROXY: 'loopback', LOGIN_ATTEMPTS_PER_15_MIN: String(LOGIN_LIMIT), REDIS_URL: redis.url });

  beforeAll(async () => {
    redis = await startTestRedis();
    world = await startCallWorld(inject('mongoUri'), dbName, env());
    // A call running on node A when node B starts.
    runningOnA = String(
      (
        await world.server.models.Call.create({
          programmeId: new Types.ObjectId(),
          linkId: new Types.ObjectId(),
          schoolIds: [new Types.ObjectId(), new Types.ObjectId()],
          title: 'Running on node A',
          status: 'live',
          createdBy: new Types.ObjectId(),
          node: world.server.nodeId,
        })
      )._id,
    );
    nodeB = await startWorldNode(inject('mongoUri'), dbName, env());
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await nodeB?.close();
    await world?.close();
    await redis?.close();
  });

  const connect = async (url: string, forwardedFor: string) => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': forwardedFor } });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => s.once('connect', () => resolve()).once('connect_error', reject));
    return s;
  };
  const guess = (s: Socket) => s.emitWithAck('call:join-device', { code: 'XXXXXX', displayName: 'Guesser' }) as Promise<Ack>;

  it("counts a school's join-code look-ups on both nodes together", async () => {
    const onA = await connect(world.server.url, '198.51.100.7');
    const onB = await connect(nodeB.url, '198.51.100.7');
    for (let i = 0; i < JOIN_LOOKUPS_PER_MINUTE; i++) expect((await guess(i % 2 ? onB : onA)).error?.code).toBe('bad-code');
    // The minute's look-ups are spent, whichever node the next one reaches.
    expect((await guess(onB)).error?.code).toBe('rate-limited');
    expect((await guess(onA)).error?.code).toBe('rate-limited');
    // Another address is not held up by it.
    expect((await guess(await connect(nodeB.url, '198.51.100.8'))).error?.code).toBe('bad-code');
  });

  it('counts failed logins on both nodes together', async () => {
    const attempt = (url: string) =>
      fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.20' },
        body: JSON.stringify({ email: 'nobody@example.test', password: 'not the password' }),
      });
    const statuses = [];
    for (let i = 0; i < LOGIN_LIMIT; i++) statuses.push((await attempt(i % 2 ? nodeB.url : world.server.url)).status);
    expect(statuses).toEqual(Array(LOGIN_LIMIT).fill(401));
    expect((await attempt(nodeB.url)).status).toBe(429);
    expect((await attempt(world.server.url)).status).toBe(429);
  });

  it('ends a teacher’s live connection on the other node when they log out on this one', async () => {
    const onB = io(nodeB.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: world.cookies[1] } });
    sockets.push(onB);
    await new Promise<void>((resolve, reject) => onB.once('connect', () => resolve()).once('connect_error', reject));
    const dropped = new Promise<string>((resolve) => onB.once('disconnect', (reason) => resolve(reason)));
    const out = await fetch(`${world.server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: world.cookies[1], 'x-csrf-token': world.csrfs[1] },
      body: '{}',
    });
    expect(out.status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
  });

  it('leaves the calls another node runs alone when it starts (one process alone would end them as interrupted)', async () => {
    expect(nodeB.nodeId).not.toBe(world.server.nodeId);
    const call = await world.server.models.Call.findById(runningOnA).lean();
    expect(call).toMatchObject({ status: 'live', node: world.server.nodeId });
    expect(call!.orphanedAt).toBeUndefined();
  });

  it('does not start a node whose Redis cannot be reached, and says what to do', async () => {
    const config = loadConfig({
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      MONGODB_URI: `${inject('mongoUri')}${dbName}`,
      SFU_WORKERS: '1',
      REDIS_URL: 'redis://127.0.0.1:1',
      CLIENT_DIST: mkdtempSync(path.join(tmpdir(), 'no-client-')),
    });
    await expect(startLinkroom(config, pino({ level: 'silent' }))).rejects.toThrow(/Cannot reach Redis at REDIS_URL .*unset REDIS_URL to run as one process/);
  });
});
