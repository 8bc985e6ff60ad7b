// Two Linkroom nodes on one database and one Redis behind HAProxy, configured as the README
// says (server/cluster/haproxy-config.ts): ordinary requests go to either node; every
// connection of one call (?callId=) reaches the same node, so the call has one room and one
// live state; a class device learns its call from its code first (POST /api/calls/by-code).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SocketTransport } from '../../client/src/api/socket-transport.js';
import { loadConfig } from '../../server/config.js';
import { startLinkroom, type Linkroom } from '../../server/linkroom.js';
import type { CallState } from '../../shared/schemas/call.js';
import { startCallWorld, type CallWorld } from '../support/call-world.js';
import { startTestProxy, type TestProxy } from '../support/haproxy.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { until } from '../support/until.js';

describe('several nodes behind HAProxy', () => {
  let redis: TestRedis;
  let world: CallWorld;
  let nodeB: Linkroom;
  let proxy: TestProxy;
  const transports: SocketTransport[] = [];
  const dbName = `proxied_nodes_${process.pid}`;

  beforeAll(async () => {
    redis = await startTestRedis();
    const env = { TRUST_PROXY: 'loopback', REDIS_URL: redis.url };
    world = await startCallWorld(inject('mongoUri'), dbName, env);
    nodeB = await startLinkroom(
      loadConfig({
        ...process.env,
        ...env,
        HOST: '127.0.0.1',
        PORT: '0',
        MONGODB_URI: `${inject('mongoUri')}${dbName}`,
        SFU_WORKERS: '1',
        CLIENT_DIST: mkdtempSync(path.join(tmpdir(), 'no-client-')),
      }),
      pino({ level: 'silent' }),
    );
    proxy = await startTestProxy([
      { name: 'a', address: `127.0.0.1:${world.server.port}` },
      { name: 'b', address: `127.0.0.1:${nodeB.port}` },
    ]);
  }, 60_000);
  afterAll(async () => {
    for (const t of transports) t.close();
    await proxy?.close();
    await nodeB?.close();
    await world?.close();
    await redis?.close();
  });

  /** A call connection through the proxy, as the call page opens it. */
  const connect = async (cookie?: string) => {
    const t = new SocketTransport(proxy.url, { reconnection: false, callId: world.callId, ...(cookie ? { cookie } : {}) });
    transports.push(t);
    await t.connected();
    return t;
  };
  const lastState = (t: SocketTransport) => {
    let state: CallState | undefined;
    t.on('call:state', (s) => (state = s));
    return () => state;
  };

  it('brings both teachers and both class devices of a call to one node: the call goes live', async () => {
    const teachers = [await connect(world.cookies[0]), await connect(world.cookies[1])];
    const seen = lastState(teachers[0]!);
    for (const t of teachers) await t.request('call:join-teacher', { callId: world.callId });
    for (const school of [0, 1] as const) {
      // The device's page asks which call its code opens, through the proxy, then connects for it.
      const found = await fetch(`${proxy.url}/api/calls/by-code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: world.codes[school], displayName: `Class 4${school}` }),
      });
      expect(found.status).toBe(200);
      expect(await found.json()).toEqual({ callId: world.callId });
      const device = await connect();
      const { participantId } = await device.request('call:join-device', { code: world.codes[school], displayName: `Class 4${school}` });
      await teachers[school]!.request('call:admit', { participantId });
    }
    await until('the call is live with everyone in it', () => seen()?.status === 'live' && seen()!.participants.filter((p) => p.state === 'in').length === 4);
    // One node serves it, and says so in the database.
    const call = await world.server.models.Call.findById(world.callId).lean();
    expect([world.server.nodeId, nodeB.nodeId]).toContain(call!.node);
  });

  it('answers a wrong code at the look-up, as the join would', async () => {
    const res = await fetch(`${proxy.url}/api/calls/by-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'ZZZZZZ', displayName: 'Class 4X' }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'bad-code' } });
  });
});
