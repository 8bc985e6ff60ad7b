// Everything a browser needs to send and receive in a room, made in one go: both transports
// and a resumed consumer of every producer already there. A page that knows its RTP
// capabilities before it is admitted (media:capabilities) goes from admission to receiving in
// one round trip, instead of one per transport and two per consumer.
import type { types } from 'mediasoup';
import { SfuError } from './errors.js';
import type { ConsumerInfo, MediaSource, SfuRoom, TransportInfo, TransportLimits } from './room.js';

export interface OpenedConsumer extends ConsumerInfo {
  /** Whose it is and what (a shared screen is a tile of its own). */
  peerId: string;
  source: MediaSource;
}

export interface OpenedPeerMedia {
  transports: { send: TransportInfo; recv: TransportInfo };
  consumers: OpenedConsumer[];
}

/** A producer that closed meanwhile, or a codec this browser cannot receive: the others still come. */
const SKIPPED = new Set(['producer-not-found', 'consumer-not-found', 'cannot-consume']);

export async function openPeerMedia(
  room: SfuRoom,
  peerId: string,
  rtpCapabilities: types.RtpCapabilities,
  limits: TransportLimits,
  /** The browser's DTLS parameters, known in advance (its certificate made before it joined): both transports are connected at once. */
  dtlsParameters?: types.DtlsParameters,
): Promise<OpenedPeerMedia> {
  const open = async (): Promise<TransportInfo> => {
    const transport = await room.createWebRtcTransport(peerId, limits);
    if (dtlsParameters) await room.connectTransport(peerId, transport.id, dtlsParameters);
    return transport;
  };
  const [send, recv] = await Promise.all([open(), open()]);
  const consumers = await Promise.all(
    room.producersExcept(peerId).map(async (p): Promise<OpenedConsumer | undefined> => {
      try {
        // Running at once: the transport is new, so nothing flows before the browser's DTLS
        // handshake, and the SFU asks each sender for a keyframe when it connects.
        const consumer = await room.consume(peerId, recv.id, p.producerId, rtpCapabilities, { resumed: true });
        return { ...consumer, peerId: p.peerId, source: p.source };
      } catch (err) {
        if (err instanceof SfuError && SKIPPED.has(err.code)) return undefined;
        throw err;
      }
    }),
  );
  return { transports: { send, recv }, consumers: consumers.filter((c) => c !== undefined) };
}
