// One browser's place in a structured call: joins as a teacher or a class device, follows
// the call state, and runs the media session only while this participant is admitted.
// Rejoins by itself after a dropped connection (a class device within the grace period).
import type { CallState, DeviceReadiness, ChatMessageView } from '../../../shared/schemas/call';
import { SocketTransport } from '../api/socket-transport';
import { markJoinStep } from './join-steps';
import { MediaSession, type MediaEndpoint, type MediaSessionListener } from './media-session';
import { prepareMedia, StaleMediaDeviceError, type PreparedMedia } from './media-device';

/** Who joins which call (a class device's page has asked which call its code opens: POST /api/calls/by-code). */
export type JoinAs = { kind: 'teacher'; callId: string } | { kind: 'device'; callId: string; code: string; displayName: string; readiness?: DeviceReadiness };

/** Media that has not connected this long after joining is shown as blocked, with what to check. */
export const MEDIA_BLOCKED_AFTER_MS = 12_000;

export interface CallSessionListener extends MediaSessionListener {
  /** Media has not got through this network (with where it must reach), or null once it does. */
  onMediaBlocked?(endpoints: MediaEndpoint[] | null): void;
  onState(state: CallState): void;
  onRemoved(reason: string): void;
  onConnection(connected: boolean): void;
  onError(message: string): void;
  onMediaStopped(): void;
  onChat(messages: ChatMessageView[]): void;
}

const REJOIN_KEY = 'linkroom.rejoin';
/** Joining the media again after a failure is retried this often (the server may be replacing its media process). */
export const MEDIA_JOIN_RETRIES = 8;
export const MEDIA_JOIN_RETRY_MS = 1_000;
/**
 * Drawing the call screen takes a school laptop's main thread for ~100 ms (bench:join): at
 * admission it is drawn once the page's consumers are made — while its connection is set up on
 * the network — or after this long, not in front of media:join's answer.
 */
export const CALL_SCREEN_HOLD_MAX_MS = 300;
/** Errors of the camera or microphone itself: retrying will not help, the class must act. */
const DEVICE_ERRORS = new Set(['NotAllowedError', 'NotFoundError', 'NotReadableError', 'OverconstrainedError', 'SecurityError']);

export class CallSession {
  readonly transport: SocketTransport;
  private media: MediaSession | undefined;
  private callId: string | undefined;
  private rejoinToken: string | undefined;
  private closed = false;
  private everConnected = false;
  /** Media started and never connected yet: the timer that says so. */
  private blockedTimer: ReturnType<typeof setTimeout> | undefined;
  private mediaEverConnected = false;
  private endpoints: MediaEndpoint[] = [];
  /** The newest state while the call screen waits for this page's consumers (see CALL_SCREEN_HOLD_MAX_MS). */
  private heldState: CallState | undefined;
  private holdingScreen = false;
  /** The page's media device and certificate, prepared once the socket is up (before admission). */
  private preparing: Promise<PreparedMedia> | undefined;

  constructor(
    private readonly as: JoinAs,
    private readonly listener: CallSessionListener,
  ) {
    this.transport = new SocketTransport(undefined, { callId: as.callId });
    if (as.kind === 'device') this.rejoinToken = sessionStorage.getItem(`${REJOIN_KEY}.${as.code}`) ?? undefined;
    // While the socket connects and the call is joined (a class waits in the lobby besides): the
    // media device (from the codecs this browser remembers, if any) and the DTLS certificate.
    this.prepared().catch(() => undefined);
    this.transport.on('call:state', (state) => this.onState(state));
    this.transport.on('call:chat', ({ messages }) => listener.onChat(messages));
    // The call's media server failed: join its media again (a new room on a live worker).
    this.transport.on('media:room-lost', () => this.restartMedia());
    this.transport.on('call:removed', ({ reason }) => {
      // Out of the call: a state held back for the call screen is not drawn after this.
      this.holdingScreen = false;
      this.heldState = undefined;
      this.stopMedia();
      if (this.as.kind === 'device') sessionStorage.removeItem(`${REJOIN_KEY}.${this.as.code}`);
      this.closed = true;
      listener.onRemoved(reason);
    });
    this.transport.onConnectionChange((connected) => {
      listener.onConnection(connected);
      if (!connected) {
        this.stopMedia();
        return;
      }
      markJoinStep('socket-connected');
      // While the call is joined (and a class waits in the lobby): ready to receive at admission.
      this.prepared().catch(() => undefined);
      // First connection, or back after a drop: (re)join with the same identity.
      if (this.everConnected || !this.callId) void this.join();
      this.everConnected = true;
    });
  }

  /** The prepared media, preparing it if need be; a failed preparation is tried again by the next caller. */
  private readonly prepared = (): Promise<PreparedMedia> => {
    this.preparing ??= prepareMedia(this.transport).catch((err: unknown) => {
      this.preparing = undefined;
      throw err;
    });
    return this.preparing;
  };

  private async join(): Promise<void> {
    if (this.closed) return;
    try {
      const ack =
        this.as.kind === 'teacher'
          ? await this.transport.request('call:join-teacher', { callId: this.as.callId })
          : await this.transport.request('call:join-device', {
              code: this.as.code,
              displayName: this.as.displayName,
              ...(this.rejoinToken ? { rejoinToken: this.rejoinToken } : {}),
              ...(this.as.readiness ? { readiness: this.as.readiness } : {}),
            });
      this.callId = ack.callId;
      markJoinStep('join-ack');
    } catch (err) {
      this.listener.onError(err instanceof Error ? err.message : String(err));
    }
  }

  private onState(state: CallState): void {
    if (state.you.rejoinToken && this.as.kind === 'device') {
      this.rejoinToken = state.you.rejoinToken;
      sessionStorage.setItem(`${REJOIN_KEY}.${this.as.code}`, state.you.rejoinToken);
    }
    if (state.status === 'ended' || (state.you.state !== 'in' && this.media)) this.stopMedia();
    else if (state.you.state === 'in' && !this.media) {
      markJoinStep('admitted');
      this.holdScreen(this.startMedia(state.callId).receiving);
    }
    if (this.holdingScreen) this.heldState = state;
    else this.listener.onState(state);
  }

  /** States wait (the newest kept) until `until` settles or CALL_SCREEN_HOLD_MAX_MS pass. */
  private holdScreen(until: Promise<void>): void {
    this.holdingScreen = true;
    const release = () => {
      if (!this.holdingScreen) return;
      this.holdingScreen = false;
      const held = this.heldState;
      this.heldState = undefined;
      if (held && !this.closed) this.listener.onState(held);
    };
    void until.then(release);
    setTimeout(release, CALL_SCREEN_HOLD_MAX_MS);
  }

  /** Builds the media session again (after the media server failed, or ICE could not be restored). */
  private restartMedia(): void {
    if (!this.media || !this.callId) return;
    this.stopMedia({ restarting: true });
    this.startMedia(this.callId);
  }

  private startMedia(callId: string, attempt = 0): MediaSession {
    // Its own view of its connection goes to the server too, so that the teachers see it on its tile.
    if (!this.mediaEverConnected && !this.blockedTimer) {
      this.blockedTimer = setTimeout(() => this.listener.onMediaBlocked?.(this.endpoints), MEDIA_BLOCKED_AFTER_MS);
    }
    const listener: MediaSessionListener = {
      ...this.listener,
      onMediaEndpoints: (endpoints) => {
        this.endpoints = endpoints;
        this.listener.onMediaEndpoints?.(endpoints);
      },
      onMediaConnected: () => {
        if (!this.mediaEverConnected) {
          this.mediaEverConnected = true;
          clearTimeout(this.blockedTimer);
          this.listener.onMediaBlocked?.(null);
        }
        this.listener.onMediaConnected?.();
      },
      onMediaReconnecting: (reconnecting) => {
        this.listener.onMediaReconnecting?.(reconnecting);
        if (this.media === media) void this.transport.request('media:report-connection', { reconnecting }).catch(() => undefined);
      },
    };
    const media: MediaSession = new MediaSession(this.transport, this.prepared, listener, () => {
      if (this.media === media) this.restartMedia();
    });
    this.media = media;
    media.join(callId).catch((err: unknown) => {
      if (this.media !== media) return;
      // Prepared for other codecs: the retry below prepares again.
      if (err instanceof StaleMediaDeviceError) this.preparing = undefined;
      const deviceError = err instanceof Error && DEVICE_ERRORS.has(err.name);
      if (!deviceError && attempt < MEDIA_JOIN_RETRIES) {
        // The media server may be coming back (its process died): try again shortly.
        media.close();
        this.listener.onMediaReconnecting?.(true);
        setTimeout(() => {
          if (this.media === media && !this.closed) this.startMedia(callId, attempt + 1);
        }, MEDIA_JOIN_RETRY_MS);
        return;
      }
      this.listener.onError(`Could not start the camera or the call's media: ${err instanceof Error ? err.message : String(err)}`);
    });
    return media;
  }

  private stopMedia({ restarting = false } = {}): void {
    // Out of the call's media (not just rebuilding it): no "blocked" notice for it any more.
    if (!restarting) {
      clearTimeout(this.blockedTimer);
      this.blockedTimer = undefined;
      this.listener.onMediaBlocked?.(null);
    }
    this.media?.close();
    this.media = undefined;
    this.listener.onMediaReconnecting?.(false);
    this.listener.onMediaStopped();
  }

  /** For diagnostics and the e2e tests. */
  selectedCandidateTypes(): Promise<string[]> {
    return this.media?.selectedCandidateTypes() ?? Promise.resolve([]);
  }

  /** For diagnostics and the e2e tests. */
  outboundVideoStats() {
    return this.media?.outboundVideoStats() ?? Promise.resolve([]);
  }

  inboundAudioStats() {
    return this.media?.inboundAudioStats() ?? Promise.resolve({ concealedSamples: 0, totalSamplesReceived: 0 });
  }

  inboundVideoStats() {
    return this.media?.inboundVideoStats() ?? Promise.resolve([]);
  }

  shareScreen(onEnded: () => void): Promise<MediaStream> {
    if (!this.media) return Promise.reject(new Error('Join the call first.'));
    return this.media.shareScreen(onEnded);
  }

  stopScreen(): Promise<void> {
    return this.media?.stopScreen() ?? Promise.resolve();
  }

  /** Tiles report their width so that each gets the simulcast layer it needs. */
  preferLayers = (peerId: string, widthPx: number): void => {
    void this.media?.preferLayers(peerId, widthPx).catch(() => undefined);
  };

  /** This connection's peer id in the media room (diagnostics and the tests). */
  get peerId(): string | undefined {
    return this.transport.id;
  }

  dropConnection(): void {
    this.transport.dropConnection();
  }

  request: SocketTransport['request'] = (event, payload) => this.transport.request(event, payload);

  /** Leaves the call by choice: the server lets the class go at once (no grace period), then this session ends. */
  async leave(): Promise<void> {
    await this.transport.request('call:leave', {});
    if (this.as.kind === 'device') sessionStorage.removeItem(`${REJOIN_KEY}.${this.as.code}`);
    this.close();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.blockedTimer);
    this.stopMedia();
    this.transport.close();
  }
}
