import { once } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { SfuError } from '../../server/sfu/errors.js';
import { RECOVERED_LINE_FLOOR_BPS, RECOVERED_LINE_FLOOR_MS } from '../../server/sfu/outgoing-floor.js';
import { KEYFRAME_REQUEST_MIN_INTERVAL_MS } from '../../server/sfu/room.js';
import { OPUS_SEND, useSfuRooms, VP8_SEND } from '../support/sfu-fixtures.js';

async function rejectsWith(code: SfuError['code'], p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SfuError);
  expect((err as SfuError).code).toBe(code);
}

describe('SfuRoom and SfuRoomRegistry (real mediasoup-worker)', () => {
  const sfu = useSfuRooms();

  it('creates a room once even when asked twice at the same moment', async () => {
    const [a, b] = await Promise.all([sfu.rooms.getOrCreate('same'), sfu.rooms.getOrCreate('same')]);
    expect(a).toBe(b);
    a.close();
    expect(sfu.rooms.get('same')).toBeUndefined();
  });

  it('forwards a producer to another peer and counts producers and consumers', async () => {
    const room = await sfu.rooms.getOrCreate('forward');
    room.addPeer('a');
    room.addPeer('b');
    const sendA = await room.createWebRtcTransport('a');
    expect(sendA.iceCandidates[0]).toMatchObject({ address: '127.0.0.1' });
    const recvB = await room.createWebRtcTransport('b');

    const announced = once(room, 'newProducer');
    const producerId = await room.produce('a', sendA.id, 'video', VP8_SEND);
    expect((await announced)[0]).toEqual({ producerId, peerId: 'a', kind: 'video', source: 'camera' });
    expect(room.producersExcept('b')).toEqual([{ producerId, peerId: 'a', kind: 'video', source: 'camera' }]);
    expect(room.producersExcept('a')).toEqual([]);

    const consumer = await room.consume('b', recvB.id, producerId, room.rtpCapabilities);
    expect(consumer).toMatchObject({ producerId, kind: 'video' });
    await room.resumeConsumer('b', consumer.id);
    expect(room.mediaCounts()).toEqual({
      producers: { audio: 0, video: 1 },
      pausedProducers: { audio: 0, video: 1 },
      simulcastProducers: 0,
      consumers: { audio: 0, video: 1 },
      pausedConsumers: { audio: 0, video: 0 },
    });
    // A room forwards nothing until its call allows media; then everything but held audio.
    await room.setMediaFlow(true);
    expect(room.mediaCounts().pausedProducers.video).toBe(0);
    await room.setHeld('a', 'audio', true);
    expect(room.producerStates('a')).toEqual([{ kind: 'video', paused: false }]);
    await room.setHeld('a', 'video', true);
    expect(room.producerStates('a')).toEqual([{ kind: 'video', paused: true }]);
    await room.setHeld('a', 'video', false);
    expect(room.producerStates('a')).toEqual([{ kind: 'video', paused: false }]);
    // Audio-only: the sender's video stops, and the receiver's video consumers pause.
    await room.setAudioOnly('a', true);
    expect(room.producerStates('a')).toEqual([{ kind: 'video', paused: true }]);
    await room.setAudioOnly('a', false);
    await room.setAudioOnly('b', true);
    expect(room.mediaCounts().pausedConsumers.video).toBe(1);
    await room.setAudioOnly('b', false);
    expect(room.mediaCounts().pausedConsumers.video).toBe(0);
    await room.setMediaFlow(false);
    expect(room.producerStates('a')).toEqual([{ kind: 'video', paused: true }]);

    // A peer leaving closes its producers; the other side's consumer goes with them.
    const closed = once(room, 'producerClosed');
    room.removePeer('a');
    expect((await closed)[0]).toEqual({ producerId, peerId: 'a' });
    expect(room.mediaCounts().producers).toEqual({ audio: 0, video: 0 });
    // The worker tells the consumer its producer closed a moment later.
    await vi.waitFor(() => expect(room.mediaCounts().consumers).toEqual({ audio: 0, video: 0 }));
    room.removePeer('b');
    sfu.rooms.closeIfEmpty('forward');
    expect(sfu.rooms.get('forward')).toBeUndefined();
  });

  it('makes loopback plain-RTP transports for load generation, within the per-peer limit', async () => {
    const room = await sfu.rooms.getOrCreate('plain');
    room.addPeer('gen');
    const send = await room.createPlainTransport('gen');
    expect(send.port).toBeGreaterThan(0);
    await room.createPlainTransport('gen', 9);
    await rejectsWith('limit-reached', room.createPlainTransport('gen'));
    await rejectsWith('invalid-parameters', room.connectTransport('gen', send.id, { fingerprints: [{ algorithm: 'sha-256', value: 'AB' }] }));
    room.close();
  });

  it("reports a transport's route: its protocol, or the relay once the browser says it goes through TURN", async () => {
    const room = await sfu.rooms.getOrCreate('route');
    room.addPeer('a');
    const t = await room.createWebRtcTransport('a');
    const states: unknown[] = [];
    room.on('transportState', (h) => states.push(h));
    expect((await room.transportStats())[0]).toMatchObject({ transportId: t.id, iceState: 'new', candidateType: null, route: null });
    room.noteCandidateType('a', t.id, 'relay');
    room.noteCandidateType('a', t.id, 'relay');
    expect((await room.transportStats())[0]).toMatchObject({ candidateType: 'relay', route: 'relay' });
    expect(states).toHaveLength(1);
    // Another peer's transport, or one that does not exist: nothing changes.
    room.noteCandidateType('b', t.id, 'host');
    room.noteCandidateType('a', 'no-such-transport', 'host');
    expect((await room.transportStats())[0]).toMatchObject({ candidateType: 'relay' });
    room.close();
  });

  it("asks a video consumer's sender for a keyframe, at most once a second per consumer", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const room = await sfu.rooms.getOrCreate('keyframes');
      room.addPeer('a');
      room.addPeer('b');
      const send = await room.createWebRtcTransport('a');
      const recv = await room.createWebRtcTransport('b');
      const video = await room.consume('b', recv.id, await room.produce('a', send.id, 'video', VP8_SEND), room.rtpCapabilities);
      const audio = await room.consume('b', recv.id, await room.produce('a', send.id, 'audio', OPUS_SEND), room.rtpCapabilities);
      expect(await room.requestKeyFrame('b', video.id)).toBe(true);
      // Asked again at once (a receiver retrying, or a client misbehaving): not passed on.
      expect(await room.requestKeyFrame('b', video.id)).toBe(false);
      vi.advanceTimersByTime(KEYFRAME_REQUEST_MIN_INTERVAL_MS);
      expect(await room.requestKeyFrame('b', video.id)).toBe(true);
      expect(await room.requestKeyFrame('b', audio.id)).toBe(false);
      await rejectsWith('consumer-not-found', room.requestKeyFrame('b', 'no-such-consumer'));
      // Only the receiver's own consumers.
      await rejectsWith('consumer-not-found', room.requestKeyFrame('a', video.id));
      room.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('floors the estimate of a recovered line for a while, never above the transport’s ceiling', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const room = await sfu.rooms.getOrCreate('floor');
      room.addPeer('free');
      room.addPeer('capped');
      await room.createWebRtcTransport('free');
      await room.createWebRtcTransport('capped', { maxBitrateBps: 1_000_000 });
      const floors = async () => Object.fromEntries((await room.transportStats()).map((t) => [t.peerId, t.outgoingFloorBps]));
      expect(await floors()).toEqual({ free: 0, capped: 0 });
      // The worker takes both (it would raise the capped line's ceiling to meet a higher floor).
      await room.floorReceiveEstimate('free');
      await room.floorReceiveEstimate('capped');
      expect(await floors()).toEqual({ free: RECOVERED_LINE_FLOOR_BPS, capped: 1_000_000 });
      // Asked again before it ends: the hold starts over.
      vi.advanceTimersByTime(RECOVERED_LINE_FLOOR_MS - 1_000);
      await room.floorReceiveEstimate('free');
      vi.advanceTimersByTime(1_000);
      expect(await floors()).toEqual({ free: RECOVERED_LINE_FLOOR_BPS, capped: 0 });
      vi.advanceTimersByTime(RECOVERED_LINE_FLOOR_MS);
      expect(await floors()).toEqual({ free: 0, capped: 0 });
      await rejectsWith('peer-not-found', room.floorReceiveEstimate('nobody'));
      room.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers bad requests with typed errors and changes nothing', async () => {
    const room = await sfu.rooms.getOrCreate('errors');
    await rejectsWith('peer-not-found', room.createWebRtcTransport('nobody'));
    room.addPeer('a');
    await rejectsWith('transport-not-found', room.produce('a', 'no-such-transport', 'video', VP8_SEND));
    const t = await room.createWebRtcTransport('a');
    await rejectsWith('producer-not-found', room.consume('a', t.id, 'no-such-producer', room.rtpCapabilities));
    await rejectsWith('consumer-not-found', room.resumeConsumer('a', 'no-such-consumer'));
    await rejectsWith('invalid-parameters', room.produce('a', t.id, 'video', { ...VP8_SEND, codecs: [{ ...VP8_SEND.codecs[0]!, mimeType: 'video/NOPE' }] }));
    expect(room.mediaCounts().producers.video).toBe(0);
    room.close();
    await rejectsWith('room-closed', room.createWebRtcTransport('a'));
  });

  it('closes its rooms when their worker dies', async () => {
    const room = await sfu.rooms.getOrCreate('doomed');
    const closed = once(room, 'closed');
    process.kill(sfu.pool.workers[0]!.pid, 'SIGKILL');
    await closed;
    expect(room.closed).toBe(true);
    expect(sfu.rooms.get('doomed')).toBeUndefined();
    await once(sfu.pool, 'workerReplaced');
    const again = await sfu.rooms.getOrCreate('doomed');
    expect(again.closed).toBe(false);
  });

  describe('races between using and closing (as on a busy server)', () => {
    /** Either outcome is fine; an untyped (internal) error is not. */
    async function settlesTyped(p: Promise<unknown>, codes: SfuError['code'][]) {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      if (err === null) return 'ok';
      expect(err, err instanceof Error ? err.message : 'not an Error').toBeInstanceOf(SfuError);
      expect(codes).toContain((err as SfuError).code);
      return (err as SfuError).code;
    }

    it('a consumer whose producer closes while it is being resumed', async () => {
      const room = await sfu.rooms.getOrCreate('race-resume');
      room.addPeer('a');
      room.addPeer('b');
      const outcomes = new Set<string>();
      for (let i = 0; i < 15; i++) {
        const send = await room.createWebRtcTransport('a');
        const recv = await room.createWebRtcTransport('b');
        const producerId = await room.produce('a', send.id, 'video', { ...VP8_SEND, encodings: [{ ssrc: 30000000 + i }] });
        const consumer = await room.consume('b', recv.id, producerId, room.rtpCapabilities);
        // The close reaches the worker first; the consumer learns of it only afterwards.
        room.closeProducer('a', producerId);
        const resumed = room.resumeConsumer('b', consumer.id);
        outcomes.add(await settlesTyped(resumed, ['consumer-not-found']));
        room.removePeer('a', { rejoining: true });
        room.removePeer('b', { rejoining: true });
        room.addPeer('a');
        room.addPeer('b');
      }
      expect(outcomes.size).toBeGreaterThan(0);
      room.close();
    });

    it('a producer whose sender leaves while it is being made', async () => {
      const room = await sfu.rooms.getOrCreate('race-produce');
      for (let i = 0; i < 15; i++) {
        room.addPeer('a');
        const send = await room.createWebRtcTransport('a');
        // Audio: a new producer is also added to the speaker observers, one more step to race.
        const made = room.produce('a', send.id, 'audio', { ...OPUS_SEND, encodings: [{ ssrc: 40000000 + i }] });
        room.removePeer('a');
        await settlesTyped(made, ['transport-not-found', 'producer-not-found', 'peer-not-found']);
      }
      room.close();
    });

    it('a transport closed while it is connecting', async () => {
      const room = await sfu.rooms.getOrCreate('race-connect');
      for (let i = 0; i < 15; i++) {
        room.addPeer('a');
        const t = await room.createWebRtcTransport('a');
        const connecting = room.connectTransport('a', t.id, {
          role: 'client',
          fingerprints: [{ algorithm: 'sha-256', value: 'AB:'.repeat(31) + 'AB' }],
        });
        room.removePeer('a');
        await settlesTyped(connecting, ['transport-not-found', 'peer-not-found']);
      }
      room.close();
    });
  });
});
