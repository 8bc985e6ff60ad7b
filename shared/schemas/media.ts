// Wire schemas for the media signalling between a browser and the SFU, one per message.
// mediasoup validates RTP parameters in depth; these schemas check the shape, bound the
// sizes and keep unknown top-level fields out.
import { z } from 'zod';
import { ackOf } from './ack.js';

const Id = z.string().min(1).max(128);
export const RoomIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

export const MediaKindSchema = z.enum(['audio', 'video']);
export const MediaSourceSchema = z.enum(['camera', 'screen']);

/** Every number in RTP parameters is bounded: mediasoup stores some unsigned, so -1 became 4294967295. */
const Uint32 = z.number().int().min(0).max(0xffffffff);
const FiniteNumber = z.number().finite().min(-1e9).max(1e9);

const Parameters = z.record(z.string().max(64), z.union([z.string().max(256), FiniteNumber])).optional();

const RtpCodecParameters = z.looseObject({
  mimeType: z.string().min(1).max(64),
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().min(1).max(1_000_000),
  channels: z.number().int().min(1).max(8).optional(),
  parameters: Parameters,
  rtcpFeedback: z
    .array(z.looseObject({ type: z.string().max(32), parameter: z.string().max(32).optional() }))
    .max(32)
    .optional(),
});

export const RtpParametersSchema = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(RtpCodecParameters).min(1).max(16),
  headerExtensions: z
    .array(z.looseObject({ uri: z.string().max(256), id: z.number().int().min(1).max(255) }))
    .max(32)
    .optional(),
  encodings: z
    .array(
      z.looseObject({
        ssrc: Uint32.optional(),
        rtx: z.looseObject({ ssrc: Uint32 }).optional(),
        maxBitrate: z.number().int().min(1).max(100_000_000).optional(),
        maxFramerate: z.number().finite().min(0).max(240).optional(),
        scaleResolutionDownBy: z.number().finite().min(1).max(64).optional(),
        rid: z.string().max(32).optional(),
        dtx: z.boolean().optional(),
        scalabilityMode: z.string().max(16).optional(),
        codecPayloadType: z.number().int().min(0).max(127).optional(),
      }),
    )
    .max(8)
    .optional(),
  rtcp: z.looseObject({ cname: z.string().max(256).optional(), reducedSize: z.boolean().optional() }).optional(),
});

export const RtpCapabilitiesSchema = z.looseObject({
  codecs: z
    .array(z.looseObject({ kind: MediaKindSchema, mimeType: z.string().max(64) }))
    .max(64)
    .optional(),
  headerExtensions: z.array(z.looseObject({})).max(64).optional(),
});

export const DtlsParametersSchema = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(
      z.object({
        algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: z.string().min(1).max(256),
      }),
    )
    .min(1)
    .max(8),
});

// media:capabilities — the SFU's RTP capabilities (its codecs, the same for every room), asked as
// soon as the page connects: the browser's media device is loaded while it waits anyway (a class
// in the lobby, a teacher's page joining), not after admission.
export const MediaCapabilitiesSchema = z.strictObject({});
export const MediaCapabilitiesAckSchema = ackOf(z.object({ routerRtpCapabilities: z.looseObject({}) }));

const TransportParams = z.object({
  id: Id,
  iceParameters: z.looseObject({}),
  iceCandidates: z.array(z.looseObject({})),
  dtlsParameters: z.looseObject({}),
});

/** A consumer the server made for a browser, with what its tile needs (whose it is, camera or screen). */
const JoinedConsumer = z.object({
  id: Id,
  producerId: Id,
  peerId: Id,
  kind: MediaKindSchema,
  source: MediaSourceSchema,
  rtpParameters: z.looseObject({}),
});

// media:join — enter a room's media session. With the browser's RTP capabilities (its device
// loaded from media:capabilities), the answer carries both transports and a consumer of every
// producer already there, resumed: one round trip from admission to receiving.
// With `dtlsParameters` (the browser's certificate, made in advance), both transports are connected
// at once: the browser's DTLS handshake needs no media:connect-transport.
export const MediaJoinSchema = z.strictObject({
  roomId: RoomIdSchema,
  rtpCapabilities: RtpCapabilitiesSchema.optional(),
  dtlsParameters: DtlsParametersSchema.optional(),
});
export const MediaJoinAckSchema = ackOf(
  z.object({
    peerId: Id,
    routerRtpCapabilities: z.looseObject({}),
    producers: z.array(z.object({ producerId: Id, peerId: Id, kind: MediaKindSchema, source: MediaSourceSchema })),
    /** TURN servers with time-limited credentials, when the installation has a relay. */
    iceServers: z.array(z.object({ urls: z.array(z.string()), username: z.string(), credential: z.string() })).default([]),
    transports: z.object({ send: TransportParams, recv: TransportParams }).optional(),
    consumers: z.array(JoinedConsumer).optional(),
  }),
);

// media:create-transport — one send and one receive transport per peer.
export const CreateTransportSchema = z.strictObject({ direction: z.enum(['send', 'recv']) });
export const CreateTransportAckSchema = ackOf(TransportParams);

// media:connect-transport
export const ConnectTransportSchema = z.strictObject({ transportId: Id, dtlsParameters: DtlsParametersSchema });
export const ConnectTransportAckSchema = ackOf(z.object({}));
/** The browser's network dropped or changed: new ICE parameters for the same transport. */
export const RestartIceSchema = z.strictObject({ transportId: Id });
export const RestartIceAckSchema = ackOf(z.object({ iceParameters: z.looseObject({}) }));
/** This browser's own view of its media connection: dropped and being restored, or back. */
export const ReportConnectionSchema = z.strictObject({ reconnecting: z.boolean() });
export const ReportConnectionAckSchema = ackOf(z.object({}));
/** The kind of local candidate a transport's selected pair uses, as the browser sees it (relay: through TURN). */
export const CandidateTypeSchema = z.enum(['host', 'srflx', 'prflx', 'relay']);
export const ReportPathSchema = z.strictObject({ transportId: Id, candidateType: CandidateTypeSchema });
export const ReportPathAckSchema = ackOf(z.object({}));
/** The room's media server process died: join the media room again (a new one is made). */
export const RoomLostSchema = z.object({ roomId: RoomIdSchema });

// media:produce
export const ProduceSchema = z.strictObject({
  transportId: Id,
  kind: MediaKindSchema,
  rtpParameters: RtpParametersSchema,
  /** A teacher's shared screen (slides, posters) travels as a second video. */
  source: MediaSourceSchema.default('camera'),
});
export const ProduceAckSchema = ackOf(z.object({ producerId: Id }));

// media:consume
export const ConsumeSchema = z.strictObject({ transportId: Id, producerId: Id, rtpCapabilities: RtpCapabilitiesSchema });
export const ConsumeAckSchema = ackOf(z.object({ id: Id, producerId: Id, kind: MediaKindSchema, rtpParameters: z.looseObject({}) }));

// media:resume-consumer
export const ResumeConsumerSchema = z.strictObject({ consumerId: Id });
export const ResumeConsumerAckSchema = ackOf(z.object({}));

// Server → client pushes.
export const NewProducerSchema = z.object({ producerId: Id, peerId: Id, kind: MediaKindSchema, source: MediaSourceSchema });
export const ProducerClosedSchema = z.object({ producerId: Id, peerId: Id });

// media:set-preferred-layers — the receiver asks for the simulcast layer its tile needs.
export const SetPreferredLayersSchema = z.strictObject({ consumerId: Id, spatialLayer: z.number().int().min(0).max(2) });
export const SetPreferredLayersAckSchema = ackOf(z.object({}));

// media:request-keyframe — a receiver whose video froze while packets still arrive asks for a
// fresh keyframe (the browser itself waits about 3 s). `asked` is false when the SFU had just
// asked for one for this consumer, or it is not video.
export const RequestKeyFrameSchema = z.strictObject({ consumerId: Id });
export const RequestKeyFrameAckSchema = ackOf(z.object({ asked: z.boolean() }));

// media:line-recovered — this device's line is clean again after a struggle (its receive guard
// lifted the layer cap): the SFU floors its estimate of the line for a while, so the top layer
// returns at once instead of creeping back as the estimate regrows.
export const LineRecoveredSchema = z.strictObject({});
export const LineRecoveredAckSchema = ackOf(z.object({}));

// Server → client: who is speaking.
export const ActiveSpeakerSchema = z.object({ peerId: Id });
export const AudioLevelsSchema = z.object({ levels: z.array(z.object({ peerId: Id, volume: z.number() })) });

// media:close-producer — the sender stops one of its producers (e.g. ends screen sharing).
export const CloseProducerSchema = z.strictObject({ producerId: Id });
export const CloseProducerAckSchema = ackOf(z.object({}));
