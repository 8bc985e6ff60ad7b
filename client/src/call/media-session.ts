// One browser's media in a room: loads the mediasoup-client Device, sends the camera and
// microphone, and consumes every other peer's producers. Knows the transport, not React.
import type { Device, types } from 'mediasoup-client';
import type { ClientAckData, ClientPayload, ServerPayload } from '../../../shared/events';
import type { SocketTransport } from '../api/socket-transport';
import { preferLayerForWidth, SIMULCAST_ENCODINGS } from './simulcast';
import { CandidateTypeSchema } from '../../../shared/schemas/media';
import { openLocalMedia, takePrejoinStream } from '../prejoin/prejoin-media';
import { markJoinStep } from './join-steps';
import { canonicalJson, dtlsParametersOf, sameDtlsParameters, StaleMediaDeviceError, type PreparedMedia } from './media-device';
import { FrozenVideoWatch, type VideoCounters } from './frozen-video-watch';
import { ReceiveLineGuard, TOP_LAYER, type ReceiveSample } from './receive-line-guard';

type ProducerInfo = ServerPayload<'media:new-producer'>;
type JoinAck = ClientAckData<'media:join'>;
type TransportParams = NonNullable<JoinAck['transports']>['recv'];
type ConsumerParams = NonNullable<JoinAck['consumers']>[number];

/** Where the media server listens, from its ICE candidates: what a school's firewall must allow. */
export interface MediaEndpoint {
  address: string;
  port: number;
  protocol: 'udp' | 'tcp';
}

export interface MediaSessionListener {
  /** This browser's media connection dropped (true) or came back (false). */
  onMediaReconnecting?(reconnecting: boolean): void;
  /** A transport connected: media gets through this network. */
  onMediaConnected?(): void;
  /** The media server's addresses, as soon as a transport is made. */
  onMediaEndpoints?(endpoints: MediaEndpoint[]): void;
  onLocalStream(stream: MediaStream): void;
  onRemoteTrack(peerId: string, track: MediaStreamTrack): void;
  onRemoteTrackEnded(peerId: string, track: MediaStreamTrack): void;
  onActiveSpeaker?(peerId: string): void;
  onSpeaking?(peerIds: string[]): void;
}

export const SCREEN_SUFFIX = ':screen';
/** A dropped connection is given this long to come back by itself before ICE is restarted. */
export const ICE_RESTART_DELAY_MS = 1_500;
/** Restarts tried before the media session is rebuilt from new transports. */
export const ICE_RESTARTS_BEFORE_REBUILD = 3;
export const ICE_RESTART_INTERVAL_MS = 2_500;
/** How often what this device receives is sampled, for frozen pictures (FrozenVideoWatch). */
const RECEIVE_SAMPLE_MS = 500;

/** What a video consumer's tile needs, and the layer last asked of the SFU. */
type LayerAppData = { tileLayer?: number; layer?: number };
/** When a connected transport tells the server its path: at once, then as the browser settles on its best pair. */
const PATH_REPORT_DELAYS_MS = [0, 2_000, 10_000];

export class MediaSession {
  private sendTransport: types.Transport | undefined;
  private recvTransport: types.Transport | undefined;
  private readonly consumers = new Map<string, { consumer: types.Consumer; peerId: string }>();
  private readonly unsubscribe: (() => void)[] = [];
  private localStream: MediaStream | undefined;
  private screenProducer: types.Producer | undefined;

  private closed = false;
  private markReceiving!: () => void;
  /** Settles once this page's consumers are made (or the session closed): the call screen may be drawn then. */
  readonly receiving = new Promise<void>((resolve) => (this.markReceiving = resolve));
  private rtpCapabilities: types.RtpCapabilities | undefined;
  /** The DTLS parameters media:join announced for both transports (the server connected them already). */
  private announcedDtls: { parameters: types.DtlsParameters; prepared: PreparedMedia } | undefined;
  /** Producers the server said closed while this session joined: their consumers are not wired. */
  private readonly closedProducers = new Set<string>();
  private iceServers: RTCIceServer[] = [];
  private readonly recovering = new Map<string, NodeJS.Timeout | number>();
  private readonly lineGuard = new ReceiveLineGuard();
  private readonly frozenWatch = new FrozenVideoWatch();
  private sampleTimer: NodeJS.Timeout | number | undefined;

  constructor(
    private readonly transport: SocketTransport,
    /** The page's loaded Device and certificate (media-device.ts), shared by the sessions it rebuilds. */
    private readonly prepared: () => Promise<PreparedMedia>,
    private readonly listener: MediaSessionListener,
    /** Called when restarting ICE did not bring the media back: the caller builds a new session. */
    private readonly onLost: () => void = () => undefined,
  ) {}

  async join(roomId: string): Promise<void> {
    // Subscribe before joining so that no producer announced in between is missed.
    const early: ProducerInfo[] = [];
    let ready = false;
    this.unsubscribe.push(
      this.transport.on('media:new-producer', (p) => (ready ? void this.consume(p) : early.push(p))),
      this.transport.on('media:producer-closed', ({ producerId }) => {
        this.closedProducers.add(producerId);
        this.dropConsumerOf(producerId);
      }),
      this.transport.on('media:active-speaker', ({ peerId }) => this.listener.onActiveSpeaker?.(peerId)),
      this.transport.on('media:audio-levels', ({ levels }) => this.listener.onSpeaking?.(levels.map((l) => l.peerId))),
    );
    // Prepared before admission (the call session did it when it connected).
    const prepared = await this.prepared();
    if (this.closed) return;
    const { device } = prepared;
    this.rtpCapabilities = device.rtpCapabilities;
    // Both transports told in advance who will connect to them (the certificate's fingerprint):
    // the browser's DTLS handshake starts without a media:connect-transport round trip.
    const dtlsParameters = dtlsParametersOf(prepared.certificate);
    this.announcedDtls = dtlsParameters && { parameters: dtlsParameters, prepared };
    // One answer: both transports, and a consumer of every producer already there.
    const joined = await this.transport.request('media:join', {
      roomId,
      rtpCapabilities: device.rtpCapabilities,
      ...(dtlsParameters ? { dtlsParameters } : {}),
    });
    markJoinStep('media-join-ack');
    // Closed meanwhile (the socket dropped, the room was lost): build nothing, open no camera.
    if (this.closed) return;
    if (!joined.transports || !joined.consumers) throw new Error('the media server did not open this page’s transports');
    // Codecs not those the device was loaded with (the server changed while this page stayed open).
    if (canonicalJson(joined.routerRtpCapabilities) !== prepared.capabilities) throw new StaleMediaDeviceError();
    // The TURN relay (time-limited credentials) for networks that let nothing else through.
    this.iceServers = joined.iceServers;
    this.recvTransport = this.makeTransport(device, 'recv', joined.transports.recv);
    this.sendTransport = this.makeTransport(device, 'send', joined.transports.send);
    markJoinStep('recv-transport');
    this.sampleTimer = setInterval(() => void this.sampleReceiving(), RECEIVE_SAMPLE_MS);
    ready = true;
    // See the partner class first: receive everything already there, all at once (one SDP
    // exchange in the browser), and only then start our own camera (which takes longer).
    const seen = new Set(joined.consumers.map((c) => c.producerId));
    await Promise.all([
      ...joined.consumers.filter((c) => !this.closedProducers.has(c.producerId)).map((c) => this.receive(c)),
      ...early.filter((p) => !this.closedProducers.has(p.producerId) && !seen.has(p.producerId) && seen.add(p.producerId)).map((p) => this.consume(p)),
    ]);
    markJoinStep('consumers-created');
    this.markReceiving();
    // The stream the pre-join check opened, if any; else asked for now (a reload, a teacher),
    // falling back to sound only when the camera is blocked or missing.
    const stream = takePrejoinStream() ?? (await openLocalMedia());
    if (this.closed) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    this.localStream = stream;
    markJoinStep('local-media');
    this.listener.onLocalStream(this.localStream);
    for (const track of this.localStream.getTracks()) {
      await this.sendTransport.produce(
        track.kind === 'video' ? { track, encodings: SIMULCAST_ENCODINGS, codecOptions: { videoGoogleStartBitrate: 1000 } } : { track },
      );
    }
    markJoinStep('producing');
  }

  private makeTransport(device: Device, direction: 'send' | 'recv', info: TransportParams): types.Transport {
    const params = {
      id: info.id,
      iceParameters: info.iceParameters as unknown as types.IceParameters,
      iceCandidates: info.iceCandidates as unknown as types.IceCandidate[],
      dtlsParameters: info.dtlsParameters as unknown as types.DtlsParameters,
      iceServers: this.iceServers,
    };
    const certificate = this.announcedDtls?.prepared.certificate;
    const options = certificate ? { ...params, additionalSettings: { certificates: [certificate] } } : params;
    const t = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    this.listener.onMediaEndpoints?.(params.iceCandidates.map((c) => ({ address: c.address, port: c.port, protocol: c.protocol })));
    t.on('connect', ({ dtlsParameters }, callback, errback) => {
      const announced = this.announcedDtls;
      if (announced) {
        if (sameDtlsParameters(announced.parameters, dtlsParameters)) {
          markJoinStep('connect-announced');
          return callback();
        }
        // The browser did not use the certificate: this session fails, the next connects the usual way.
        delete announced.prepared.certificate;
        this.announcedDtls = undefined;
        return errback(new Error('the browser did not use the prepared DTLS certificate'));
      }
      this.transport
        .request('media:connect-transport', {
          transportId: t.id,
          dtlsParameters: dtlsParameters,
        })
        .then(() => callback(), errback);
    });
    t.on('connectionstatechange', (state) => this.onConnectionState(t, state));
    if (direction === 'send') {
      t.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        this.transport
          .request('media:produce', {
            transportId: t.id,
            kind,
            source: (appData as { source?: 'camera' | 'screen' }).source ?? 'camera',
            rtpParameters: rtpParameters as unknown as ClientPayload<'media:produce'>['rtpParameters'],
          })
          .then(({ producerId }) => callback({ id: producerId }), errback);
      });
    }
    return t;
  }

  /**
   * A transport whose network dropped: given a moment to come back, then ICE is restarted
   * (new ICE parameters from the server, same transport, same admission) a few times; if
   * it still does not connect, the session is rebuilt from new transports.
   */
  private onConnectionState(t: types.Transport, state: types.ConnectionState): void {
    if (this.closed) return;
    if (state === 'connected') {
      if (t.direction === 'recv') markJoinStep('recv-connected');
      this.listener.onMediaConnected?.();
      this.reportPath(t);
      clearTimeout(this.recovering.get(t.id));
      this.recovering.delete(t.id);
      if (this.recovering.size === 0) this.listener.onMediaReconnecting?.(false);
      return;
    }
    if ((state !== 'disconnected' && state !== 'failed') || this.recovering.has(t.id)) return;
    this.listener.onMediaReconnecting?.(true);
    let attempts = 0;
    const attempt = () => {
      if (this.closed || t.closed || t.connectionState === 'connected') return;
      if (attempts++ >= ICE_RESTARTS_BEFORE_REBUILD) {
        this.onLost();
        return;
      }
      this.transport
        .request('media:restart-ice', { transportId: t.id })
        .then(({ iceParameters }) => t.restartIce({ iceParameters: iceParameters as unknown as types.IceParameters }))
        .catch(() => undefined)
        .finally(() => this.recovering.set(t.id, setTimeout(attempt, ICE_RESTART_INTERVAL_MS)));
    };
    this.recovering.set(t.id, setTimeout(attempt, state === 'failed' ? 0 : ICE_RESTART_DELAY_MS));
  }

  /** A producer announced after joining: the server makes its consumer, this page receives it and resumes it. */
  private async consume(p: ProducerInfo): Promise<void> {
    if (!this.recvTransport || !this.rtpCapabilities) return;
    const info = await this.transport.request('media:consume', {
      transportId: this.recvTransport.id,
      producerId: p.producerId,
      rtpCapabilities: this.rtpCapabilities,
    });
    const consumer = await this.receive({ ...info, peerId: p.peerId, source: p.source });
    if (consumer) await this.transport.request('media:resume-consumer', { consumerId: consumer.id });
  }

  /** Wires a consumer the server made into this page: its track goes to the peer's tile. */
  private async receive(info: ConsumerParams): Promise<types.Consumer | undefined> {
    if (!this.recvTransport || this.closed) return undefined;
    const consumer = await this.recvTransport.consume({
      id: info.id,
      producerId: info.producerId,
      kind: info.kind,
      rtpParameters: info.rtpParameters as unknown as types.RtpParameters,
    });
    // Its producer closed (or this session did) while it was being wired: no dead tile.
    if (this.closed || this.closedProducers.has(info.producerId)) {
      consumer.close();
      return undefined;
    }
    // A shared screen is its own tile: keyed `<peer>:screen`.
    const tileKey = info.source === 'screen' ? `${info.peerId}${SCREEN_SUFFIX}` : info.peerId;
    this.consumers.set(consumer.id, { consumer, peerId: tileKey });
    this.listener.onRemoteTrack(tileKey, consumer.track);
    // Arriving while the line is capped: not the top layer until it recovers.
    if (consumer.kind === 'video') await this.askLayer(consumer);
    return consumer;
  }

  /** Shares this teacher's screen as a second video; resolves with the local preview. */
  async shareScreen(onEnded: () => void): Promise<MediaStream> {
    if (!this.sendTransport) throw new Error('the call has not started yet');
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('no screen was chosen');
    this.screenProducer = await this.sendTransport.produce({ track, appData: { source: 'screen' } });
    // The browser's own "Stop sharing" button ends the track.
    track.addEventListener('ended', () => {
      void this.stopScreen();
      onEnded();
    });
    return stream;
  }

  async stopScreen(): Promise<void> {
    const producer = this.screenProducer;
    this.screenProducer = undefined;
    if (!producer || producer.closed) return;
    producer.track?.stop();
    producer.close();
    await this.transport.request('media:close-producer', { producerId: producer.id });
  }

  /** Asks the SFU for the layer a peer's video tile needs (called as tiles resize). */
  async preferLayers(peerId: string, widthPx: number): Promise<void> {
    for (const { consumer, peerId: owner } of this.consumers.values()) {
      if (owner !== peerId || consumer.kind !== 'video' || consumer.closed) continue;
      consumer.appData = { ...consumer.appData, tileLayer: preferLayerForWidth(widthPx) };
      await this.askLayer(consumer);
    }
  }

  /** The layer a consumer's tile needs, no higher than this device's line carries now. */
  private async askLayer(consumer: types.Consumer): Promise<void> {
    const data = consumer.appData as LayerAppData;
    const spatialLayer = Math.min(data.tileLayer ?? TOP_LAYER, this.lineGuard.layerCap);
    if (data.layer === spatialLayer || (data.layer === undefined && spatialLayer === TOP_LAYER)) return;
    consumer.appData = { ...consumer.appData, layer: spatialLayer };
    await this.transport.request('media:set-preferred-layers', { consumerId: consumer.id, spatialLayer });
  }

  /**
   * One sample of everything received: a frozen picture gets a keyframe asked for, and a
   * changed line cap (judged over about a second) is asked of every video consumer.
   */
  private async sampleReceiving(): Promise<void> {
    const t = this.recvTransport;
    if (this.closed || !t || t.closed || t.connectionState !== 'connected') return;
    // Which sender (and which video consumer) each inbound stream comes from, by its SSRC.
    const senderOf = new Map<number, string>();
    const videoOf = new Map<number, string>();
    for (const { consumer, peerId } of this.consumers.values()) {
      const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
      if (ssrc === undefined) continue;
      senderOf.set(ssrc, peerId);
      if (consumer.kind === 'video' && !consumer.paused) videoOf.set(ssrc, consumer.id);
    }
    const bySender: ReceiveSample['bySender'] = {};
    const byConsumer: Record<string, VideoCounters> = {};
    for (const s of (await t.getStats()).values() as IterableIterator<Partial<RTCInboundRtpStreamStats>>) {
      if (s.type !== 'inbound-rtp' || s.ssrc === undefined) continue;
      const sender = senderOf.get(s.ssrc);
      if (sender) {
        const sum = (bySender[sender] ??= { packetsReceived: 0, packetsLost: 0 });
        sum.packetsReceived += s.packetsReceived ?? 0;
        sum.packetsLost += s.packetsLost ?? 0;
      }
      const consumerId = videoOf.get(s.ssrc);
      if (consumerId) byConsumer[consumerId] = { framesDecoded: s.framesDecoded ?? 0, packetsReceived: s.packetsReceived ?? 0 };
    }
    const atMs = performance.now();
    for (const consumerId of this.frozenWatch.add(atMs, byConsumer)) {
      void this.transport.request('media:request-keyframe', { consumerId }).catch(() => undefined);
    }
    const change = this.lineGuard.add({ atMs, bySender });
    if (!change) return;
    // The SFU floors its estimate of this line first, so the top layer comes back at once.
    if (change === 'recovered') await this.transport.request('media:line-recovered', {}).catch(() => undefined);
    // All at once: on the overfull line each request takes a few hundred milliseconds.
    const video = [...this.consumers.values()].filter(({ consumer }) => consumer.kind === 'video' && !consumer.closed);
    await Promise.all(video.map(({ consumer }) => this.askLayer(consumer).catch(() => undefined)));
  }

  private dropConsumerOf(producerId: string): void {
    for (const [id, entry] of this.consumers) {
      if (entry.consumer.producerId !== producerId) continue;
      entry.consumer.close();
      this.consumers.delete(id);
      this.listener.onRemoteTrackEnded(entry.peerId, entry.consumer.track);
    }
  }

  /** The kind of local candidate each transport's selected pair uses (host, srflx or relay), for diagnostics and the tests. */
  async selectedCandidateTypes(): Promise<string[]> {
    const out: string[] = [];
    for (const t of [this.sendTransport, this.recvTransport]) {
      const type = t && !t.closed ? await candidateTypeOf(t) : undefined;
      if (type) out.push(type);
    }
    return out;
  }

  /**
   * Tells the server whether this transport goes direct or through the relay (only the
   * browser knows): when it connects, and again as the browser settles on its best pair
   * (a relay may answer first, a direct TCP pair win later).
   */
  private reportPath(t: types.Transport): void {
    let last: string | undefined;
    const report = async () => {
      if (this.closed || t.closed || t.connectionState !== 'connected') return;
      const parsed = CandidateTypeSchema.safeParse(await candidateTypeOf(t).catch(() => undefined));
      if (!parsed.success || parsed.data === last) return;
      last = parsed.data;
      await this.transport.request('media:report-path', { transportId: t.id, candidateType: parsed.data }).catch(() => undefined);
    };
    for (const delayMs of PATH_REPORT_DELAYS_MS) setTimeout(() => void report(), delayMs);
  }

  /** inbound-rtp video statistics of every consumer (for diagnostics and the e2e tests). */
  async inboundVideoStats(): Promise<{ peerId: string; consumerId: string; framesDecoded: number; frameWidth: number }[]> {
    const out = [];
    for (const { consumer, peerId } of this.consumers.values()) {
      if (consumer.kind !== 'video') continue;
      const report = await consumer.getStats();
      for (const s of report.values() as IterableIterator<Partial<RTCInboundRtpStreamStats>>) {
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          out.push({ peerId, consumerId: consumer.id, framesDecoded: s.framesDecoded ?? 0, frameWidth: s.frameWidth ?? 0 });
        }
      }
    }
    return out;
  }

  /** outbound-rtp video statistics of each simulcast layer this page sends (for diagnostics and the tests). */
  async outboundVideoStats(): Promise<{ rid: string; frameWidth: number; bytesSent: number; limitation: string }[]> {
    if (!this.sendTransport || this.sendTransport.closed) return [];
    const out = [];
    for (const s of (await this.sendTransport.getStats()).values() as IterableIterator<
      Partial<RTCOutboundRtpStreamStats> & { qualityLimitationReason?: string }
    >) {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        out.push({ rid: s.rid ?? '', frameWidth: s.frameWidth ?? 0, bytesSent: s.bytesSent ?? 0, limitation: s.qualityLimitationReason ?? '' });
      }
    }
    return out;
  }

  /** inbound-rtp audio statistics summed over every consumer: how much the receiver had to conceal (for the tests). */
  async inboundAudioStats(): Promise<{ concealedSamples: number; totalSamplesReceived: number }> {
    const sum = { concealedSamples: 0, totalSamplesReceived: 0 };
    for (const { consumer } of this.consumers.values()) {
      if (consumer.kind !== 'audio') continue;
      for (const s of (await consumer.getStats()).values() as IterableIterator<Partial<RTCInboundRtpStreamStats>>) {
        if (s.type !== 'inbound-rtp') continue;
        sum.concealedSamples += s.concealedSamples ?? 0;
        sum.totalSamplesReceived += s.totalSamplesReceived ?? 0;
      }
    }
    return sum;
  }

  close(): void {
    this.closed = true;
    this.markReceiving();
    clearInterval(this.sampleTimer);
    for (const timer of this.recovering.values()) clearTimeout(timer);
    this.recovering.clear();
    for (const off of this.unsubscribe) off();
    this.screenProducer?.track?.stop();
    this.localStream?.getTracks().forEach((t) => t.stop());
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.consumers.clear();
  }
}

/** The local candidate type of the transport's selected pair, from its statistics. */
async function candidateTypeOf(t: types.Transport): Promise<string | undefined> {
  const stats = [...(await t.getStats()).values()] as {
    type: string;
    id: string;
    selectedCandidatePairId?: string;
    localCandidateId?: string;
    candidateType?: string;
    selected?: boolean;
  }[];
  // Chromium names the pair on its transport stats; Firefox marks the pair itself as selected.
  const pairId = stats.find((s) => s.type === 'transport')?.selectedCandidatePairId ?? stats.find((s) => s.type === 'candidate-pair' && s.selected)?.id;
  const localId = stats.find((s) => s.type === 'candidate-pair' && s.id === pairId)?.localCandidateId;
  return stats.find((s) => s.type === 'local-candidate' && s.id === localId)?.candidateType;
}
