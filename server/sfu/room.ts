// One mediasoup router and the transports, producers and consumers of its peers.
// Plain async methods and events: no sockets, no HTTP. The realtime layer drives it.
import { Mutex } from 'async-mutex';
import { EventEmitter } from 'node:events';
import { errors as mediasoupErrors, type types } from 'mediasoup';
import { SfuError } from './errors.js';
import { holdOutgoingFloor, noteOutgoingCeiling, outgoingFloorOf } from './outgoing-floor.js';

export type MediaKind = 'audio' | 'video';

/** One send and one receive transport per peer; consumers for a large call of classes. */
export const MAX_TRANSPORTS_PER_PEER = 2;
export const MAX_CONSUMERS_PER_PEER = 64;

export const ACTIVE_SPEAKER_INTERVAL_MS = 300;
export const AUDIO_LEVEL_INTERVAL_MS = 500;
/** Quieter than this (dBov) counts as not speaking. */
export const SPEAKING_THRESHOLD_DBOV = -55;
/** A receiver may have a keyframe asked for one consumer this often at most: each costs its sender a burst. */
export const KEYFRAME_REQUEST_MIN_INTERVAL_MS = 1_000;

export interface TransportInfo {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

export interface ConsumerInfo {
  id: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: types.RtpParameters;
}

export type MediaSource = 'camera' | 'screen';

export interface ProducerInfo {
  producerId: string;
  peerId: string;
  kind: MediaKind;
  source: MediaSource;
}

/** Bitrate limits for one peer's transports (a school's bandwidth cap). */
export interface TransportLimits {
  maxBitrateBps?: number;
}

const sourceOf = (p: types.Producer): MediaSource => ((p.appData as { source?: MediaSource }).source === 'screen' ? 'screen' : 'camera');

export interface MediaCounts {
  producers: Record<MediaKind, number>;
  /** Producers paused on the server (the call is not live, or audio is held). */
  pausedProducers: Record<MediaKind, number>;
  /** Video producers sending several simulcast layers. */
  simulcastProducers: number;
  consumers: Record<MediaKind, number>;
  /** Consumers paused on the server (not yet resumed by the receiver, or audio-only). */
  pausedConsumers: Record<MediaKind, number>;
}

/** The kind of a browser's local ICE candidate (relay: through a TURN server). */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** What a transport's ICE and DTLS say of its connection (for the media API and the calls). */
export interface TransportHealth {
  peerId: string;
  transportId: string;
  iceState: string;
  dtlsState: string;
  /** The protocol of the selected candidate pair: UDP, or TCP when UDP does not get through. */
  protocol: 'udp' | 'tcp' | null;
  /** The browser's own word on its end of the pair: host (direct) or relay (through TURN); null until it says. */
  candidateType: CandidateType | null;
}

export type RoomCloseReason = 'closed' | 'worker-died';

interface Peer {
  transports: Map<string, types.WebRtcTransport | types.PlainTransport>;
  health: Map<string, TransportHealth>;
  producers: Map<string, types.Producer>;
  consumers: Map<string, types.Consumer>;
  /** Transports being made: counted against the limit, so that requests at the same moment cannot pass it. */
  creatingTransports: number;
}

export interface SfuRoomEvents {
  newProducer: [ProducerInfo];
  /** The peer most likely speaking now (mediasoup's dominant-speaker detection). */
  activeSpeaker: [{ peerId: string }];
  /** Peers louder than the threshold, loudest first; empty when everyone is quiet. */
  audioLevels: [{ peerId: string; volume: number }[]];
  producerClosed: [{ producerId: string; peerId: string }];
  /** A transport's ICE or DTLS state changed (disconnected: the peer's network dropped). */
  transportState: [TransportHealth];
  /** The router is gone: its worker died, or the room was closed. */
  closed: [{ reason: RoomCloseReason }];
}

export class SfuRoom extends EventEmitter<SfuRoomEvents> {
  private readonly peers = new Map<string, Peer>();
  /** Whether media may be forwarded at all (a call's two-adult rule decides). */
  private flowAllowed = false;
  /** Peers whose audio / video is held back on the server (muted, not holding the
   * microphone, video stopped by a teacher). */
  private readonly held: Record<MediaKind, Set<string>> = { audio: new Set(), video: new Set() };
  /** Peers in audio-only mode: they neither send nor receive video. */
  private readonly audioOnly = new Set<string>();
  /** Pause/resume updates run one at a time: mediasoup flips `paused` only once the
   * worker answers, so interleaved updates could leave a producer running. */
  private readonly policy = new Mutex();

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.policy.runExclusive(fn);
  }

  private activeSpeakerObserver: types.ActiveSpeakerObserver | undefined;
  private audioLevelObserver: types.AudioLevelObserver | undefined;

  constructor(
    readonly id: string,
    private readonly router: types.Router,
    /** The worker's WebRTC server: every transport of the room shares its one UDP and one TCP port. */
    private readonly webRtcServer: types.WebRtcServer,
  ) {
    super();
    router.on('workerclose', () => this.close('worker-died'));
  }

  /** Starts speaker detection; every audio producer is added to both observers. */
  async startObservers(): Promise<void> {
    this.activeSpeakerObserver = await this.router.createActiveSpeakerObserver({ interval: ACTIVE_SPEAKER_INTERVAL_MS });
    this.audioLevelObserver = await this.router.createAudioLevelObserver({
      maxEntries: 8,
      threshold: SPEAKING_THRESHOLD_DBOV,
      interval: AUDIO_LEVEL_INTERVAL_MS,
    });
    const ownerOf = (producerId: string) => {
      for (const [peerId, peer] of this.peers) if (peer.producers.has(producerId)) return peerId;
      return undefined;
    };
    this.activeSpeakerObserver.on('dominantspeaker', ({ producer }) => {
      const peerId = ownerOf(producer.id);
      if (peerId) this.emit('activeSpeaker', { peerId });
    });
    this.audioLevelObserver.on('volumes', (volumes) =>
      this.emit(
        'audioLevels',
        volumes.flatMap((v) => {
          const peerId = ownerOf(v.producer.id);
          return peerId ? [{ peerId, volume: v.volume }] : [];
        }),
      ),
    );
    this.audioLevelObserver.on('silence', () => this.emit('audioLevels', []));
  }

  get closed(): boolean {
    return this.router.closed;
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  addPeer(peerId: string): void {
    this.assertOpen();
    if (!this.peers.has(peerId))
      this.peers.set(peerId, { transports: new Map(), health: new Map(), producers: new Map(), consumers: new Map(), creatingTransports: 0 });
  }

  hasPeer(peerId: string): boolean {
    return this.peers.has(peerId);
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** Takes a peer's media out of the room; `rejoining`: it comes straight back with new transports, holds kept. */
  removePeer(peerId: string, { rejoining = false }: { rejoining?: boolean } = {}): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    // Its connection is gone for good: forget its holds (a hold still applies to a peer rejoining).
    if (!rejoining) {
      this.held.audio.delete(peerId);
      this.held.video.delete(peerId);
      this.audioOnly.delete(peerId);
    }
    // Closing a transport closes its producers and consumers; the producers'
    // 'transportclose' handlers tell the others.
    for (const transport of peer.transports.values()) transport.close();
  }

  /** Producers a newly joined peer should consume: everyone else's. */
  producersExcept(peerId: string): ProducerInfo[] {
    const out: ProducerInfo[] = [];
    for (const [otherId, peer] of this.peers) {
      if (otherId === peerId) continue;
      for (const producer of peer.producers.values()) out.push({ producerId: producer.id, peerId: otherId, kind: producer.kind, source: sourceOf(producer) });
    }
    return out;
  }

  async createWebRtcTransport(peerId: string, limits: TransportLimits = {}): Promise<TransportInfo> {
    const { peer, transport } = await this.newTransport(peerId, () =>
      this.router.createWebRtcTransport({ webRtcServer: this.webRtcServer, enableUdp: true, enableTcp: true, preferUdp: true }),
    );
    this.watchHealth(peerId, peer, transport);
    if (limits.maxBitrateBps) {
      await Promise.all([transport.setMaxIncomingBitrate(limits.maxBitrateBps), transport.setMaxOutgoingBitrate(limits.maxBitrateBps)]);
      noteOutgoingCeiling(transport, limits.maxBitrateBps);
    }
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  /** Makes one of a peer's transports, within its limit; closed again if the peer left meanwhile. */
  private async newTransport<T extends types.WebRtcTransport | types.PlainTransport>(
    peerId: string,
    make: () => Promise<T>,
  ): Promise<{ peer: Peer; transport: T }> {
    const peer = this.peer(peerId);
    if (peer.transports.size + peer.creatingTransports >= MAX_TRANSPORTS_PER_PEER) {
      throw new SfuError('limit-reached', `a peer has at most ${MAX_TRANSPORTS_PER_PEER} transports`);
    }
    peer.creatingTransports++;
    const transport = await make()
      .catch((err: unknown) => {
        throw this.closed ? new SfuError('room-closed', 'the room closed while a transport was being made', { cause: err }) : err;
      })
      .finally(() => peer.creatingTransports--);
    if (this.peers.get(peerId) !== peer) {
      transport.close();
      throw new SfuError('peer-not-found', 'the peer left while its transport was being made');
    }
    peer.transports.set(transport.id, transport);
    // However it closes (its router with its worker, the peer leaving): no longer counted.
    (transport as types.Transport).observer.once('close', () => peer.transports.delete(transport.id));
    return { peer, transport };
  }

  async connectTransport(peerId: string, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const transport = this.transport(peerId, transportId);
    if (transport.type !== 'webrtc') throw new SfuError('invalid-parameters', 'only WebRTC transports take DTLS parameters');
    await this.orGone(
      () => transport.closed,
      'transport-not-found',
      'the transport closed while connecting',
      () => this.invalidAsTyped(() => transport.connect({ dtlsParameters })),
    );
  }

  /**
   * A plain RTP transport on loopback, for load generation (bench:sfu) and tests: with
   * `sendTo` it sends consumed media to that port, otherwise it learns its sender
   * (comedia). Browsers always use WebRTC transports.
   */
  async createPlainTransport(peerId: string, sendTo?: number): Promise<{ id: string; port: number }> {
    const { transport } = await this.newTransport(peerId, () =>
      this.router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: sendTo === undefined,
        // Plain RTP peers (a recorder, the benches' receivers) send no congestion feedback:
        // an estimate without it would hold them at the start bitrate, below a 720p layer.
        enableBwe: false,
      }),
    );
    if (sendTo !== undefined) await transport.connect({ ip: '127.0.0.1', port: sendTo });
    return { id: transport.id, port: transport.tuple.localPort };
  }

  async produce(peerId: string, transportId: string, kind: MediaKind, rtpParameters: types.RtpParameters, source: MediaSource = 'camera'): Promise<string> {
    const peer = this.peer(peerId);
    const transport = this.transport(peerId, transportId);
    // Born paused when the policy says so: never a moment of unpaused media.
    const paused = this.shouldPause(peerId, kind);
    const producer = await this.orGone(
      () => transport.closed,
      'transport-not-found',
      'the transport closed while the producer was being made',
      () => this.invalidAsTyped(() => transport.produce({ kind, rtpParameters, appData: { source }, paused })),
    );
    peer.producers.set(producer.id, producer);
    const gone = () => {
      if (!peer.producers.delete(producer.id)) return;
      this.emit('producerClosed', { producerId: producer.id, peerId });
    };
    producer.on('transportclose', gone);
    producer.observer.on('close', gone);
    // The sender may close it (or leave) while it is being set up: then it is simply gone.
    await this.orGone(
      () => producer.closed,
      'producer-not-found',
      'the producer closed while it was being set up',
      async () => {
        await this.serial(() => this.applyPause(peerId, producer));
        if (kind === 'audio') {
          await this.activeSpeakerObserver?.addProducer({ producerId: producer.id });
          await this.audioLevelObserver?.addProducer({ producerId: producer.id });
        }
      },
    );
    if (producer.closed) throw new SfuError('producer-not-found', 'the producer closed while it was being set up');
    this.emit('newProducer', { producerId: producer.id, peerId, kind, source });
    return producer.id;
  }

  /** The sender stops one of its own producers. */
  closeProducer(peerId: string, producerId: string): void {
    const producer = this.peer(peerId).producers.get(producerId);
    if (!producer) throw new SfuError('producer-not-found', `no producer ${producerId} of this peer`);
    producer.close();
  }

  /** Pauses or resumes every producer on the server, e.g. when a call stops being live. */
  setMediaFlow(allowed: boolean): Promise<void> {
    return this.serial(async () => {
      this.flowAllowed = allowed;
      await this.applyAll();
    });
  }

  get mediaFlowing(): boolean {
    return this.flowAllowed;
  }

  /** Holds back (or releases) one peer's audio or video on the server: the client cannot undo it. */
  setHeld(peerId: string, kind: MediaKind, held: boolean): Promise<void> {
    return this.serial(async () => {
      if (held) this.held[kind].add(peerId);
      else this.held[kind].delete(peerId);
      const peer = this.peers.get(peerId);
      if (peer) for (const p of peer.producers.values()) await this.applyPause(peerId, p);
    });
  }

  /** Audio-only for a peer (a weak classroom connection, or the whole call): its video
   * producers and its video consumers are paused on the server. */
  setAudioOnly(peerId: string, on: boolean): Promise<void> {
    return this.serial(() => this.applyAudioOnly(peerId, on));
  }

  private async applyAudioOnly(peerId: string, on: boolean): Promise<void> {
    if (on) this.audioOnly.add(peerId);
    else this.audioOnly.delete(peerId);
    const peer = this.peers.get(peerId);
    if (!peer) return;
    for (const p of peer.producers.values()) await this.applyPause(peerId, p);
    for (const c of peer.consumers.values()) {
      if (c.kind !== 'video' || c.closed) continue;
      if (on && !c.paused) await c.pause();
      else if (!on && c.paused && (c.appData as { resumedByClient?: boolean }).resumedByClient) await c.resume();
    }
  }

  /** Whether each of a peer's producers is paused on the server. */
  producerStates(peerId: string): { kind: MediaKind; paused: boolean }[] {
    return [...(this.peers.get(peerId)?.producers.values() ?? [])].map((p) => ({ kind: p.kind, paused: p.paused }));
  }

  private async applyAll(): Promise<void> {
    for (const [peerId, peer] of this.peers) for (const p of peer.producers.values()) await this.applyPause(peerId, p);
  }

  private shouldPause(peerId: string, kind: MediaKind): boolean {
    return !this.flowAllowed || this.held[kind].has(peerId) || (kind === 'video' && this.audioOnly.has(peerId));
  }

  private async applyPause(peerId: string, producer: types.Producer): Promise<void> {
    const pause = this.shouldPause(peerId, producer.kind);
    if (producer.closed) return;
    if (pause && !producer.paused) await producer.pause();
    else if (!pause && producer.paused) await producer.resume();
  }

  /**
   * A consumer of another peer's producer, paused until the client has wired its track and
   * resumes it (so no keyframe is lost). `resumed`: made running already, for a transport that
   * has not connected yet (openPeerMedia) — nothing flows before its DTLS handshake, and the
   * SFU asks the sender for a keyframe then; a receiver on audio only still gets video paused.
   */
  async consume(
    peerId: string,
    transportId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
    { resumed = false }: { resumed?: boolean } = {},
  ): Promise<ConsumerInfo> {
    const peer = this.peer(peerId);
    const transport = this.transport(peerId, transportId);
    if (peer.consumers.size >= MAX_CONSUMERS_PER_PEER) throw new SfuError('limit-reached', `a peer has at most ${MAX_CONSUMERS_PER_PEER} consumers`);
    const producer = this.findProducer(producerId);
    if (!producer) throw new SfuError('producer-not-found', `no producer ${producerId} in this room`);
    if (!this.router.canConsume({ producerId, rtpCapabilities })) {
      throw new SfuError('cannot-consume', 'the device cannot receive this producer’s codec');
    }
    const paused = !resumed || (producer.kind === 'video' && this.audioOnly.has(peerId));
    const consumer = await this.orGone(
      () => transport.closed || !this.findProducer(producerId),
      'producer-not-found',
      'the producer or the transport closed while the consumer was being made',
      () => this.invalidAsTyped(() => transport.consume({ producerId, rtpCapabilities, paused, appData: { resumedByClient: resumed } })),
    );
    peer.consumers.set(consumer.id, consumer);
    // Put on audio only while it was being made: its video waits like the others'.
    if (!consumer.paused && consumer.kind === 'video' && this.audioOnly.has(peerId)) await consumer.pause();
    const gone = () => peer.consumers.delete(consumer.id);
    consumer.on('transportclose', gone);
    consumer.on('producerclose', () => {
      gone();
      consumer.close();
    });
    return { id: consumer.id, producerId, kind: consumer.kind, rtpParameters: consumer.rtpParameters };
  }

  /** Which simulcast layer a receiver wants: small tiles need no 720p. */
  async setPreferredLayers(peerId: string, consumerId: string, spatialLayer: number): Promise<void> {
    const consumer = this.consumerOf(peerId, consumerId);
    if (consumer.type !== 'simulcast') return;
    await this.orGone(
      () => consumer.closed,
      'consumer-not-found',
      'the consumer closed',
      () => consumer.setPreferredLayers({ spatialLayer }),
    );
  }

  /**
   * The peer's line is clean again after a struggle (its receive guard lifted the layer cap).
   * The SFU's estimate of that line fell with the loss and, growing only with what is sent,
   * held the top layer back for up to 9 s more; floored for a while, the top layer returns at
   * once. Should the line still not carry it, the receiver's guard asks for the low layer again.
   */
  async floorReceiveEstimate(peerId: string): Promise<void> {
    const transports = [...this.peer(peerId).transports.values()].filter((t) => t.type === 'webrtc');
    await Promise.all(
      transports.map((t) =>
        this.orGone(
          () => t.closed,
          'transport-not-found',
          'the transport closed',
          () => holdOutgoingFloor(t),
        ),
      ),
    );
  }

  /**
   * Asks the consumer's sender for a keyframe (a receiver's video froze). False when one was
   * asked for this consumer less than KEYFRAME_REQUEST_MIN_INTERVAL_MS ago, or it is not video.
   */
  async requestKeyFrame(peerId: string, consumerId: string): Promise<boolean> {
    const consumer = this.consumerOf(peerId, consumerId);
    const data = consumer.appData as { keyFrameAskedAtMs?: number };
    const now = Date.now();
    if (consumer.kind !== 'video' || (data.keyFrameAskedAtMs !== undefined && now - data.keyFrameAskedAtMs < KEYFRAME_REQUEST_MIN_INTERVAL_MS)) return false;
    consumer.appData = { ...consumer.appData, keyFrameAskedAtMs: now };
    await this.orGone(
      () => consumer.closed,
      'consumer-not-found',
      'the consumer closed',
      () => consumer.requestKeyFrame(),
    );
    return true;
  }

  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    const consumer = this.consumerOf(peerId, consumerId);
    consumer.appData = { ...consumer.appData, resumedByClient: true };
    if (consumer.kind === 'video' && this.audioOnly.has(peerId)) return;
    // Its producer (or the receiver's transport) may close between consume and resume.
    await this.orGone(
      () => consumer.closed,
      'consumer-not-found',
      'the consumer closed before it was resumed',
      () => consumer.resume(),
    );
  }

  mediaCounts(): MediaCounts {
    const counts: MediaCounts = {
      producers: { audio: 0, video: 0 },
      pausedProducers: { audio: 0, video: 0 },
      simulcastProducers: 0,
      consumers: { audio: 0, video: 0 },
      pausedConsumers: { audio: 0, video: 0 },
    };
    for (const peer of this.peers.values()) {
      for (const p of peer.producers.values()) {
        counts.producers[p.kind]++;
        if (p.paused) counts.pausedProducers[p.kind]++;
        if (p.type === 'simulcast') counts.simulcastProducers++;
      }
      for (const c of peer.consumers.values()) {
        counts.consumers[c.kind]++;
        if (c.paused) counts.pausedConsumers[c.kind]++;
      }
    }
    return counts;
  }

  close(reason: RoomCloseReason = 'closed'): void {
    if (!this.router.closed) this.router.close();
    this.peers.clear();
    this.emit('closed', { reason });
    this.removeAllListeners();
  }

  private assertOpen(): void {
    if (this.router.closed) throw new SfuError('room-closed', `room ${this.id} is closed`);
  }

  private peer(peerId: string): Peer {
    this.assertOpen();
    const peer = this.peers.get(peerId);
    if (!peer) throw new SfuError('peer-not-found', `peer ${peerId} has not joined room ${this.id}`);
    return peer;
  }

  /** ICE restarted by the browser after its network dropped: new ICE parameters for the same transport. */
  async restartIce(peerId: string, transportId: string): Promise<types.IceParameters> {
    const transport = this.transport(peerId, transportId);
    if (!('restartIce' in transport)) throw new SfuError('transport-not-found', 'only a WebRTC transport restarts ICE');
    return transport.restartIce();
  }

  /**
   * Each transport's health, its route (direct over UDP or TCP, or through the TURN relay),
   * the bytes it has carried and any floor under its outgoing estimate.
   */
  async transportStats(): Promise<
    (TransportHealth & { route: 'udp' | 'tcp' | 'relay' | null; bytesReceived: number; bytesSent: number; outgoingFloorBps: number })[]
  > {
    const out = [];
    for (const peer of this.peers.values()) {
      for (const [id, health] of peer.health) {
        const transport = peer.transports.get(id);
        const stats = transport && !transport.closed ? await transport.getStats().catch(() => []) : [];
        const s = stats[0];
        const route = health.candidateType === 'relay' ? ('relay' as const) : health.protocol;
        out.push({
          ...health,
          route,
          bytesReceived: s?.bytesReceived ?? 0,
          bytesSent: s?.bytesSent ?? 0,
          outgoingFloorBps: transport ? outgoingFloorOf(transport) : 0,
        });
      }
    }
    return out;
  }

  /** What the browser says its end of a transport's selected pair is (it alone knows a relay). */
  noteCandidateType(peerId: string, transportId: string, candidateType: CandidateType): void {
    const health = this.peers.get(peerId)?.health.get(transportId);
    if (!health || health.candidateType === candidateType) return;
    health.candidateType = candidateType;
    this.emit('transportState', { ...health });
  }

  private watchHealth(peerId: string, peer: Peer, transport: types.WebRtcTransport): void {
    const health: TransportHealth = {
      peerId,
      transportId: transport.id,
      iceState: transport.iceState,
      dtlsState: transport.dtlsState,
      protocol: null,
      candidateType: null,
    };
    peer.health.set(transport.id, health);
    const changed = () => this.emit('transportState', { ...health });
    transport.on('icestatechange', (state) => {
      health.iceState = state;
      changed();
    });
    transport.on('dtlsstatechange', (state) => {
      health.dtlsState = state;
      changed();
    });
    transport.on('iceselectedtuplechange', (tuple) => {
      health.protocol = tuple.protocol;
      changed();
    });
    transport.observer.once('close', () => peer.health.delete(transport.id));
  }

  private consumerOf(peerId: string, consumerId: string): types.Consumer {
    const consumer = this.peer(peerId).consumers.get(consumerId);
    if (!consumer) throw new SfuError('consumer-not-found', `no consumer ${consumerId} for this peer`);
    return consumer;
  }

  private transport(peerId: string, transportId: string): types.WebRtcTransport | types.PlainTransport {
    const transport = this.peer(peerId).transports.get(transportId);
    if (!transport) throw new SfuError('transport-not-found', `no transport ${transportId} for this peer`);
    return transport;
  }

  private findProducer(producerId: string): types.Producer | undefined {
    for (const peer of this.peers.values()) {
      const producer = peer.producers.get(producerId);
      if (producer) return producer;
    }
    return undefined;
  }

  /**
   * Runs a request on a mediasoup object that another request may close meanwhile (a peer
   * leaving, a producer closing): if it is gone when the request fails, the failure is the
   * typed `code`, not an internal error. The worker may answer "not found" (NotFoundError)
   * before the close has reached this process, so that answer counts as gone too, as does a
   * worker closed meanwhile (WorkerClosedError).
   */
  private async orGone<T>(
    isGone: () => boolean,
    code: 'transport-not-found' | 'producer-not-found' | 'consumer-not-found',
    message: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const goneInWorker = err instanceof mediasoupErrors.WorkerClosedError || err instanceof mediasoupErrors.NotFoundError;
      if (isGone() || this.closed || goneInWorker) throw new SfuError(code, message, { cause: err });
      throw err;
    }
  }

  /** mediasoup throws TypeError or UnsupportedError for parameters it rejects: surface
   * those as a typed error. */
  private async invalidAsTyped<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof TypeError || err instanceof mediasoupErrors.UnsupportedError) {
        throw new SfuError('invalid-parameters', err.message);
      }
      throw err;
    }
  }
}
