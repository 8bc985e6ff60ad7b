// Class-pair calls made of replayed RTP, shared by bench:sfu and bench:nodes: each class sends
// 720p/360p/180p VP8 simulcast and opus on a plain transport and receives the other class's
// top layer and opus on another, as a class's screen does.
import { createSocket } from 'node:dgram';
import type { types } from 'mediasoup';
import type { SfuRoomRegistry } from '../../../server/sfu/room-registry.js';
import { AUDIO_PT, VIDEO_PT } from './rtp-clip.js';

/** What each receiver asks for: the top simulcast layer (720p), as a class's screen does. */
export const TOP_LAYER = { spatialLayer: 2, temporalLayer: 2 };

export const videoParams = (ssrcs: number[]): types.RtpParameters => ({
  codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO_PT, clockRate: 90000 }],
  encodings: ssrcs.map((ssrc) => ({ ssrc })),
});
export const audioParams = (ssrc: number): types.RtpParameters => ({
  codecs: [{ mimeType: 'audio/opus', payloadType: AUDIO_PT, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc }],
});

/** A UDP socket on loopback that every receiver sends to; counts the packets. */
export async function startSink(): Promise<{ port: number; received: () => number; close: () => void }> {
  const socket = createSocket('udp4');
  let received = 0;
  socket.on('message', () => received++);
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  socket.setRecvBufferSize(16 * 1024 * 1024);
  return { port: socket.address().port, received: () => received, close: () => socket.close() };
}

/** One class: its four SSRCs (three video layers, audio). */
export const ssrcsOf = (call: number, cls: number) => [0, 1, 2, 3].map((i) => 10_000 + call * 100 + cls * 10 + i);

export interface Sfu {
  worker: types.Worker;
  addClass(call: number, cls: number, sinkPort: number): Promise<{ port: number; video: string; audio: string }>;
  consume(call: number, cls: number, producers: { video: string; audio: string }): Promise<void>;
  close(): void;
}

/** Calls in Linkroom's SFU module (SfuRoom: speaker observers, the pause policy, limits), in a node's rooms. */
export function linkroomSfu(rooms: SfuRoomRegistry, worker: types.Worker, close: () => void): Sfu {
  const recvIds = new Map<string, string>();
  return {
    worker,
    async addClass(call, cls, sinkPort) {
      const room = await rooms.getOrCreate(`bench-${call}`);
      await room.setMediaFlow(true); // a live call
      const peer = `class-${cls}`;
      room.addPeer(peer);
      const send = await room.createPlainTransport(peer);
      const ssrcs = ssrcsOf(call, cls);
      const video = await room.produce(peer, send.id, 'video', videoParams(ssrcs.slice(0, 3)));
      const audio = await room.produce(peer, send.id, 'audio', audioParams(ssrcs[3]!));
      recvIds.set(`${call}:${cls}`, (await room.createPlainTransport(peer, sinkPort)).id);
      return { port: send.port, video, audio };
    },
    async consume(call, cls, producers) {
      const room = await rooms.getOrCreate(`bench-${call}`);
      for (const producerId of [producers.video, producers.audio]) {
        const c = await room.consume(`class-${cls}`, recvIds.get(`${call}:${cls}`)!, producerId, room.rtpCapabilities);
        // As a browser's tile does (media:set-preferred-layers): the top layer for a 720p tile.
        if (producerId === producers.video) await room.setPreferredLayers(`class-${cls}`, c.id, TOP_LAYER.spatialLayer);
        await room.resumeConsumer(`class-${cls}`, c.id);
      }
    },
    close,
  };
}

/** Starts class-pair calls `first` … `first + count - 1` on `sfu`; answers where the replayer sends each class's RTP. */
export async function startCalls(sfu: Sfu, first: number, count: number, sinkPort: number): Promise<{ port: number; ssrcs: number[] }[]> {
  const targets: { port: number; ssrcs: number[] }[] = [];
  for (let call = first; call < first + count; call++) {
    const classes = [await sfu.addClass(call, 0, sinkPort), await sfu.addClass(call, 1, sinkPort)];
    await sfu.consume(call, 0, classes[1]!);
    await sfu.consume(call, 1, classes[0]!);
    for (const [cls, c] of classes.entries()) targets.push({ port: c.port, ssrcs: ssrcsOf(call, cls) });
  }
  return targets;
}
