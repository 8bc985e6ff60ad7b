// A thin typed transport over Socket.IO: requests carry a payload from the shared event
// map and resolve with the success data of its ack, or reject with a RequestError.
import { io, type Socket } from 'socket.io-client';
import type {
  ClientAck,
  ClientAckData,
  ClientEventName,
  ClientPayload,
  ClientToServerEvents,
  ServerEventName,
  ServerPayload,
  ServerToClientEvents,
} from '../../../shared/events';

export const REQUEST_TIMEOUT_MS = 10_000;

export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export class SocketTransport {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  /**
   * In a browser: the page's own server and cookies. Elsewhere (tests, benchmarks): a URL and a cookie.
   * `callId`: the call this connection is for, in its URL, so that a proxy in front of several
   * nodes sends every connection of one call to the node serving it (README, "Deploying for a region").
   */
  constructor(url?: string, options: { cookie?: string; reconnection?: boolean; callId?: string } = {}) {
    const opts = {
      transports: ['websocket'],
      ...(options.cookie ? { extraHeaders: { cookie: options.cookie } } : {}),
      ...(options.reconnection === false ? { reconnection: false } : {}),
      ...(options.callId ? { query: { callId: options.callId } } : {}),
    };
    // A connection of its own: Socket.IO would otherwise share one with another call's session.
    this.socket = url ? io(url, { ...opts, forceNew: true }) : io({ ...opts, forceNew: true });
  }

  get id(): string | undefined {
    return this.socket.id;
  }

  /** Resolves once connected. */
  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  async request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientAckData<E>> {
    // Socket.IO's typings cannot relate a generic event name to its payload; the event map
    // in shared/events.ts does.
    const timed = this.socket.timeout(REQUEST_TIMEOUT_MS) as unknown as { emitWithAck(e: E, p: ClientPayload<E>): Promise<ClientAck<E>> };
    let ack: ClientAck<E>;
    try {
      ack = await timed.emitWithAck(event, payload);
    } catch {
      throw new RequestError('timeout', `${event}: no answer from the server within ${REQUEST_TIMEOUT_MS} ms`);
    }
    if (!ack.ok) throw new RequestError(ack.error.code, ack.error.message);
    return ack as ClientAckData<E>;
  }

  on<E extends ServerEventName>(event: E, listener: (payload: ServerPayload<E>) => void): () => void {
    const l = listener as never;
    this.socket.on(event, l);
    return () => void this.socket.off(event, l);
  }

  onConnectionChange(listener: (connected: boolean) => void): void {
    this.socket.on('connect', () => listener(true));
    this.socket.on('disconnect', () => listener(false));
  }

  /** Simulates a dropped network connection (Socket.IO then reconnects by itself). */
  dropConnection(): void {
    this.socket.io.engine?.close();
  }

  close(): void {
    this.socket.close();
  }
}
