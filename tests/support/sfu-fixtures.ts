// What SFU integration tests share: a browser's send parameters and a real worker pool with its rooms.
import type { types } from 'mediasoup';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { SfuRoomRegistry } from '../../server/sfu/room-registry.js';
import { WorkerPool } from '../../server/sfu/worker-pool.js';

// What a browser would send for a VP8 camera track (as in mediasoup's own tests).
export const VP8_SEND: types.RtpParameters = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'ccm', parameter: 'fir' }] }],
  headerExtensions: [],
  encodings: [{ ssrc: 22222222 }],
  rtcp: { cname: 'peer-a' },
};

export const OPUS_SEND: types.RtpParameters = {
  mid: '1',
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
  headerExtensions: [],
  encodings: [{ ssrc: 11111111 }],
  rtcp: { cname: 'peer-a' },
};

/** A one-worker pool and its room registry for the describe block it is called in (set before its tests, closed after). */
export function useSfuRooms(): { pool: WorkerPool; rooms: SfuRoomRegistry } {
  const sfu = {} as { pool: WorkerPool; rooms: SfuRoomRegistry };
  beforeAll(async () => {
    sfu.pool = await WorkerPool.start({ size: 1, logger: pino({ level: 'silent' }) });
    sfu.rooms = new SfuRoomRegistry(sfu.pool);
  });
  afterAll(() => {
    sfu.rooms.closeAll();
    sfu.pool.close();
  });
  return sfu;
}
