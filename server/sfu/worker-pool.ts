// A pool of mediasoup workers, one per core by default. A worker that dies is logged
// and replaced after a back-off; the pool itself knows nothing about rooms or sockets.
// Each worker carries a WebRtcServer: all its WebRTC transports share one UDP and one TCP
// port (worker i on `port + i` when a port is set), so a school firewall needs one rule
// per worker instead of a range of ten thousand ports.
import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { SfuError } from './errors.js';

export const RESPAWN_BASE_DELAY_MS = 100;
export const RESPAWN_MAX_DELAY_MS = 10_000;
/** A worker that lived this long resets the back-off. */
export const RESPAWN_RESET_AFTER_MS = 60_000;

/** Where the workers' WebRTC servers listen. */
export interface MediaListen {
  ip: string;
  announcedAddress?: string | undefined;
  /** Worker i listens on port + i (UDP and TCP); without one, on free ports of the range. */
  port?: number | undefined;
  minPort: number;
  maxPort: number;
}

export const LOOPBACK_MEDIA: MediaListen = { ip: '127.0.0.1', minPort: 40000, maxPort: 49999 };

export interface WorkerPoolOptions {
  size: number;
  logger: Logger;
  logLevel?: types.WorkerLogLevel;
  listen?: MediaListen;
}

interface Slot {
  worker: types.Worker | null;
  startedAt: number;
  failures: number;
  respawnTimer: NodeJS.Timeout | null;
}

export interface WorkerPoolEvents {
  workerDied: [{ slot: number; pid: number; error: Error }];
  workerReplaced: [{ slot: number; pid: number }];
}

export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  private readonly slots: Slot[] = [];
  private readonly servers = new WeakMap<types.Worker, types.WebRtcServer>();
  private nextIndex = 0;
  private closed = false;

  private constructor(private readonly opts: WorkerPoolOptions) {
    super();
  }

  static async start(opts: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(opts);
    try {
      for (let i = 0; i < opts.size; i++) {
        pool.slots.push({ worker: null, startedAt: 0, failures: 0, respawnTimer: null });
        await pool.spawn(i);
      }
    } catch (err) {
      pool.close();
      throw err;
    }
    return pool;
  }

  private async spawn(slotIndex: number): Promise<void> {
    const slot = this.slots[slotIndex]!;
    const worker = await mediasoup.createWorker({ logLevel: this.opts.logLevel ?? 'warn' });
    if (this.closed) {
      worker.close();
      return;
    }
    try {
      this.servers.set(worker, await worker.createWebRtcServer({ listenInfos: listenInfosFor(this.opts.listen ?? LOOPBACK_MEDIA, slotIndex) }));
    } catch (err) {
      worker.close();
      const at = this.opts.listen?.port ? `port ${this.opts.listen.port + slotIndex}` : 'a free port';
      throw new SfuError('no-worker', `the media server could not listen on ${at}: ${err instanceof Error ? err.message : String(err)}`);
    }
    slot.worker = worker;
    slot.startedAt = Date.now();
    worker.on('died', (error) => this.onDied(slotIndex, worker, error));
    this.opts.logger.info({ slot: slotIndex, pid: worker.pid }, 'mediasoup worker started');
  }

  private onDied(slotIndex: number, worker: types.Worker, error: Error): void {
    const slot = this.slots[slotIndex]!;
    if (slot.worker !== worker) return;
    slot.worker = null;
    if (Date.now() - slot.startedAt > RESPAWN_RESET_AFTER_MS) slot.failures = 0;
    const delayMs = Math.min(RESPAWN_BASE_DELAY_MS * 2 ** slot.failures, RESPAWN_MAX_DELAY_MS);
    slot.failures++;
    this.opts.logger.error({ slot: slotIndex, pid: worker.pid, err: error, respawnInMs: delayMs }, 'mediasoup worker died');
    this.emit('workerDied', { slot: slotIndex, pid: worker.pid, error });
    if (this.closed) return;
    slot.respawnTimer = setTimeout(() => {
      slot.respawnTimer = null;
      this.spawn(slotIndex).then(
        () => slot.worker && this.emit('workerReplaced', { slot: slotIndex, pid: slot.worker.pid }),
        (err: unknown) => {
          this.opts.logger.error({ slot: slotIndex, err }, 'mediasoup worker could not be replaced');
          this.onDied(slotIndex, worker, err instanceof Error ? err : new Error(String(err)));
        },
      );
    }, delayMs);
  }

  /** The next live worker, round robin. */
  next(): types.Worker {
    for (let tried = 0; tried < this.slots.length; tried++) {
      const slot = this.slots[this.nextIndex++ % this.slots.length]!;
      if (slot.worker && !slot.worker.closed && !slot.worker.died) return slot.worker;
    }
    throw new SfuError('no-worker', 'no mediasoup worker is alive');
  }

  /** The worker's WebRTC server (every worker of the pool has one). */
  webRtcServerOf(worker: types.Worker): types.WebRtcServer {
    const server = this.servers.get(worker);
    if (!server) throw new SfuError('no-worker', 'this worker has no WebRTC server');
    return server;
  }

  /** The UDP/TCP ports the live workers' WebRTC servers listen on (for the firewall page and tests). */
  async mediaPorts(): Promise<{ udp: number[]; tcp: number[] }> {
    const ports = { udp: [] as number[], tcp: [] as number[] };
    for (const worker of this.workers) {
      const dump = await this.webRtcServerOf(worker).dump();
      for (const s of dump.udpSockets) ports.udp.push(s.port);
      for (const s of dump.tcpServers) ports.tcp.push(s.port);
    }
    return ports;
  }

  get workers(): types.Worker[] {
    return this.slots.flatMap((s) => (s.worker && !s.worker.died && !s.worker.closed ? [s.worker] : []));
  }

  stats(): { workers: number; alive: number } {
    return { workers: this.slots.length, alive: this.workers.length };
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) {
      if (slot.respawnTimer) clearTimeout(slot.respawnTimer);
      slot.worker?.close();
      slot.worker = null;
    }
  }
}

function listenInfosFor(listen: MediaListen, slot: number): types.TransportListenInfo[] {
  const where = listen.port ? { port: listen.port + slot } : { portRange: { min: listen.minPort, max: listen.maxPort } };
  const announced = listen.announcedAddress ? { announcedAddress: listen.announcedAddress } : {};
  return (['udp', 'tcp'] as const).map((protocol) => ({ protocol, ip: listen.ip, ...announced, ...where }));
}
