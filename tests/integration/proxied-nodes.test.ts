// Two Linkroom nodes on one database and one Redis behind HAProxy, configured as the README
// says (server/cluster/haproxy-config.ts): ordinary requests go to either node; every
// connection of one call (?callId=) reaches the same node, so the call has one room and one
// live state; a class device learns its call from its code first (POST /api/calls/by-code).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SocketTransport } from '../../client/src/api/socket-transport.js';
import type { Linkroom } from '../../server/linkroom.js';
import { LOG_COLLECTION } from '../../server/safeguarding/safeguarding-log.js';
import { startCallWorld, startWorldNode, type CallWorld } from '../support/call-world.js';
import { startTestProxy, type TestProxy } from '../support/haproxy.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { latestState } from '../support/latest-state.js';
import { until } from '../support/until.js';

/** How long reconnecting is tried (the time it took is printed: the goal is 10 s). */
const RECONNECT_TIMEOUT_MS = 30_000;

describe('several nodes behind HAProxy', () => {
  let redis: TestRedis;
  let world: CallWorld;
  let nodeB: Linkroom;
  let proxy: TestProxy;
  const transports: SocketTransport[] = [];
  /** The class devices of the call, as they joined (for the takeover below). */
  const devices: { participantId: string; rejoinToken: string }[] = [];
  const dbName = `proxied_nodes_${process.pid}`;

  beforeAll(async () => {
    redis = await startTestRedis();
    const env = { TRUST_PROXY: 'loopback', REDIS_URL: redis.url };
    world = await startCallWorld(inject('mongoUri'), dbName, env);
    nodeB = await startWorldNode(inject('mongoUri'), dbName, env);
    proxy = await startTestProxy([
      { name: 'a', address: `127.0.0.1:${world.server.port}` },
      { name: 'b', address: `127.0.0.1:${nodeB.port}` },
    ]);
  }, 60_000);
  afterAll(async () => {
    for (const t of transports) t.close();
    await proxy?.close();
    // Whichever node is still running drops the test's database.
    await nodeB?.db.connection.dropDatabase().catch(() => undefined);
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

  it('brings both teachers and both class devices of a call to one node: the call goes live', async () => {
    const teachers = [await connect(world.cookies[0]), await connect(world.cookies[1])];
    const seen = latestState(teachers[0]!);
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
      const heard = latestState(device);
      const { participantId } = await device.request('call:join-device', { code: world.codes[school], displayName: `Class 4${school}` });
      await teachers[school]!.request('call:admit', { participantId });
      await until('the device holds its rejoin token', () => !!heard()?.you.rejoinToken);
      devices[school] = { participantId, rejoinToken: heard()!.you.rejoinToken! };
    }
    await until('the call is live with everyone in it', () => seen()?.status === 'live' && seen()!.participants.filter((p) => p.state === 'in').length === 4);
    // One node serves it, and says so in the database.
    const call = await world.server.models.Call.findById(world.callId).lean();
    expect([world.server.nodeId, nodeB.nodeId]).toContain(call!.node);
  });

  it('answers a class device’s exchange-wall request on the node that does not serve its call', async () => {
    const serving = (await world.server.models.Call.findById(world.callId).lean())!.node;
    const notServing = serving === nodeB.nodeId ? world.server : nodeB;
    const wall = (token: string) => fetch(`${notServing.url}/api/links/${world.linkId}/exchange`, { headers: { 'x-linkroom-device': token } });
    const res = await wall(devices[0]!.rejoinToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ linkId: world.linkId });
    expect((await wall('not-a-real-token-at-all')).status).toBe(403);
  });

  it('carries the call on on the other node when its node stops: everyone back without being let in again, the move logged', async () => {
    const serving = (await world.server.models.Call.findById(world.callId).lean())!.node;
    const [stopping, other] = serving === nodeB.nodeId ? [nodeB, world.server] : [world.server, nodeB];
    for (const t of transports) t.close();
    transports.length = 0;
    await stopping.close();
    const stoppedAt = Date.now();
    // Everyone reconnects through the proxy, which sends the call's connections to the node left
    // (trying again after a refusal, as Socket.IO's reconnection does).
    const reconnect = async (cookie?: string) => {
      for (;;) {
        try {
          return await connect(cookie);
        } catch (err) {
          if (Date.now() - stoppedAt > RECONNECT_TIMEOUT_MS) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    };
    const teachers = [await reconnect(world.cookies[0]), await reconnect(world.cookies[1])];
    const seen = latestState(teachers[0]!);
    for (const t of teachers) await t.request('call:join-teacher', { callId: world.callId });
    for (const school of [0, 1] as const) {
      const device = await reconnect();
      const back = await device.request('call:join-device', {
        code: world.codes[school],
        displayName: `Class 4${school}`,
        rejoinToken: devices[school]!.rejoinToken,
      });
      expect(back.participantId).toBe(devices[school]!.participantId);
    }
    await until(
      'the call is live again with everyone in it',
      () => seen()?.status === 'live' && seen()!.participants.filter((p) => p.state === 'in').length === 4,
    );
    console.info(`[several nodes] a node stopped → its call live again on the other, everyone in: ${Date.now() - stoppedAt} ms`);
    const call = await other.models.Call.findById(world.callId).lean();
    expect(call!.node).toBe(other.nodeId);
    const moved = await other.db.connection.collection(LOG_COLLECTION).countDocuments({ 'scope.callId': world.callId, type: 'call.moved' });
    expect(moved).toBe(1);
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
