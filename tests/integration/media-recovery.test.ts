// A call's media server process dying mid-call, over real sockets and a real worker: every
// participant is told to join the media again, the call shows the interruption, the log
// records it, and the first to join again gets a new room on the replacement worker.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SocketTransport } from '../../client/src/api/socket-transport.js';
import type { CallState } from '../../shared/schemas/call.js';
import { startCallWorld, type CallWorld } from '../support/call-world.js';
import { until } from '../support/until.js';
import '../support/provided.js';

describe('media recovery after the media server dies', () => {
  let world: CallWorld;
  let teacherA: SocketTransport;
  let deviceA: SocketTransport;
  let deviceB: SocketTransport;
  let teacherState: CallState | undefined;
  const lost: string[] = [];

  beforeAll(async () => {
    world = await startCallWorld(inject('mongoUri'), `t_media_recovery_${process.pid}`, { SFU_WORKERS: '1' });
    teacherA = await world.teacher(0);
    teacherA.on('call:state', (s) => (teacherState = s));
    const teacherB = await world.teacher(1);
    deviceA = await world.device(0, 'Class 4A', teacherA);
    deviceB = await world.device(1, 'Class 4B', teacherB);
    for (const [name, t] of [
      ['teacherA', teacherA],
      ['deviceA', deviceA],
      ['deviceB', deviceB],
    ] as const) {
      t.on('media:room-lost', () => lost.push(name));
      await t.request('media:join', { roomId: world.callId });
    }
  });
  afterAll(async () => {
    await world?.close();
  });

  it('reports each transport’s ICE and DTLS state in the media API', async () => {
    const transport = await deviceA.request('media:create-transport', { direction: 'recv' });
    const res = await fetch(`${world.server.url}/api/calls/${world.callId}/media`, { headers: { cookie: world.cookies[0] } });
    const media = (await res.json()) as { transports: { transportId: string; iceState: string; dtlsState: string; protocol: string | null }[] };
    expect(media.transports).toContainEqual(expect.objectContaining({ transportId: transport.id, iceState: 'new', dtlsState: 'new', protocol: null }));
  });

  it('tells everyone to rejoin, shows and logs the interruption, and logs the restoration once media is back', async () => {
    expect(teacherState?.status).toBe('live');
    const pid = world.server.pool.workers[0]!.pid;
    process.kill(pid, 'SIGKILL');
    await until('everyone is told to join the media again', () => lost.length === 3, 10_000);
    await until('the call shows the interruption', () => !!teacherState?.mediaInterruptedSince, 10_000);
    const log = world.server.log.collection;
    expect(await log.findOne({ type: 'call.media-interrupted', 'scope.callId': world.callId })).toMatchObject({ actor: { kind: 'system', id: 'sfu' } });
    // The worker is replaced after a short back-off; joining again makes a new room on it.
    await until('a replacement worker', () => world.server.pool.stats().alive === 1 && world.server.pool.workers[0]!.pid !== pid, 10_000);
    const again = await deviceB.request('media:join', { roomId: world.callId });
    expect(again.routerRtpCapabilities).toBeTruthy();
    await until('the call shows media restored', () => teacherState !== undefined && !teacherState.mediaInterruptedSince, 10_000);
    const restored = await log.findOne({ type: 'call.media-restored', 'scope.callId': world.callId });
    expect((restored?.payload as { afterMs: number }).afterMs).toBeGreaterThan(0);
    expect(teacherState?.status).toBe('live'); // the call itself never stopped
  });
});
