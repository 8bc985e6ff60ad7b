// A pool of mediasoup workers, one per core by default. A worker that dies is logged
// and replaced after a back-off; the pool itself knows nothing about rooms or sockets.
import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { SfuError } from './errors.js';

export const RESPAWN_BASE_DELAY_MS = 100;
export const RESPAWN_MAX_DELAY_MS = 10_000;
/** A worker that lived this long resets the back-off. */
export const RESPAWN_RESET_AFTER_MS = 60_000;

export interface WorkerPoolOptions {
  size: number;
  logger: Logger;
  logLevel?: types.WorkerLogLevel;
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
