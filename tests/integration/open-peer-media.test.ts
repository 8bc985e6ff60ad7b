import type { types } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { openPeerMedia } from '../../server/sfu/open-peer-media.js';
import { OPUS_SEND, useSfuRooms, VP8_SEND } from '../support/sfu-fixtures.js';

describe('openPeerMedia and the registry’s RTP capabilities (real mediasoup-worker)', () => {
  const sfu = useSfuRooms();

  it('gives the capabilities every room has, with no room open and with one', async () => {
    expect(sfu.rooms.size).toBe(0);
    const before = await sfu.rooms.rtpCapabilities();
    // The router made for the purpose is not kept as a room.
    expect(sfu.rooms.size).toBe(0);
    const room = await sfu.rooms.getOrCreate('caps');
    expect(await sfu.rooms.rtpCapabilities()).toEqual(room.rtpCapabilities);
    expect(before).toEqual(room.rtpCapabilities);
    room.close();
  });

  /** A room where peer `a` sends a camera and a microphone. */
  async function roomWithSender(id: string) {
    const room = await sfu.rooms.getOrCreate(id);
    room.addPeer('a');
    const sendA = await room.createWebRtcTransport('a');
    const video = await room.produce('a', sendA.id, 'video', VP8_SEND);
    const audio = await room.produce('a', sendA.id, 'audio', OPUS_SEND);
    return { room, video, audio };
  }

  it('opens both transports and a resumed consumer of every other producer, in one call', async () => {
    const { room, video, audio } = await roomWithSender('open');
    room.addPeer('b');
    const opened = await openPeerMedia(room, 'b', room.rtpCapabilities, { maxBitrateBps: 1_000_000 });
    expect(opened.transports.send.id).not.toBe(opened.transports.recv.id);
    expect(opened.transports.recv.iceCandidates.length).toBeGreaterThan(0);
    expect(opened.consumers.map((c) => [c.producerId, c.peerId, c.kind, c.source]).sort()).toEqual(
      [
        [audio, 'a', 'audio', 'camera'],
        [video, 'a', 'video', 'camera'],
      ].sort(),
    );
    // Resumed by the client's side already: none waits for a media:resume-consumer.
    expect(room.mediaCounts()).toMatchObject({ consumers: { audio: 1, video: 1 }, pausedConsumers: { audio: 0, video: 0 } });
    // Two transports at the same moment for a peer that has one already: the limit holds.
    const own = await openPeerMedia(room, 'a', room.rtpCapabilities, {}).catch((e: unknown) => e);
    expect(own).toMatchObject({ code: 'limit-reached' });
    expect(room.mediaCounts().producers).toEqual({ audio: 1, video: 1 });
    room.close();
  });

  it('closes a transport made for a peer that left meanwhile, with a typed error', async () => {
    const room = await sfu.rooms.getOrCreate('left');
    room.addPeer('b');
    const opening = openPeerMedia(room, 'b', room.rtpCapabilities, {}).catch((e: unknown) => e);
    room.removePeer('b');
    expect(await opening).toMatchObject({ code: 'peer-not-found' });
    // Nothing of it is left in the router (only the room's own observers' state).
    const dump = (await (room as unknown as { router: types.Router }).router.dump()) as { transportIds: string[] };
    expect(dump.transportIds).toEqual([]);
    room.close();
  });

  it('connects both transports at once when the browser announced its certificate', async () => {
    const room = await sfu.rooms.getOrCreate('announced');
    room.addPeer('b');
    const dtls: types.DtlsParameters = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:'.repeat(31) + 'AB' }] };
    const opened = await openPeerMedia(room, 'b', room.rtpCapabilities, {}, dtls);
    // Already connected: a second connect is refused (mediasoup takes DTLS parameters once).
    for (const t of [opened.transports.send, opened.transports.recv])
      await expect(room.connectTransport('b', t.id, dtls)).rejects.toThrow(/connect\(\) already called/);
    room.addPeer('c');
    const plain = await openPeerMedia(room, 'c', room.rtpCapabilities, {});
    await expect(room.connectTransport('c', plain.transports.recv.id, dtls)).resolves.toBeUndefined();
    room.close();
  });

  it('leaves out what this browser cannot receive, and still opens the rest', async () => {
    const { room, audio } = await roomWithSender('audio-only-browser');
    room.addPeer('b');
    const caps = room.rtpCapabilities;
    const noVideo = { ...caps, codecs: caps.codecs?.filter((c) => c.kind === 'audio') };
    const opened = await openPeerMedia(room, 'b', noVideo, {});
    expect(opened.consumers.map((c) => c.producerId)).toEqual([audio]);
    room.close();
  });

  it('keeps a receiver on audio only with its video consumers paused (the call’s hold applies)', async () => {
    const { room } = await roomWithSender('held');
    room.addPeer('b');
    await room.setAudioOnly('b', true);
    const opened = await openPeerMedia(room, 'b', room.rtpCapabilities, {});
    expect(opened.consumers).toHaveLength(2);
    expect(room.mediaCounts().pausedConsumers).toEqual({ audio: 0, video: 1 });
    room.close();
  });
});
