// Keeps one board's document in the database: every applied update is stored as it arrives
// (batched over a few milliseconds), and the updates are folded into one snapshot from time
// to time so that a board of a long lesson loads as fast as a new one.
import { Mutex } from 'async-mutex';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { Models } from '../db/models.js';
import { Compactor } from './compactor.js';

/** Updates arriving within this window are merged into one write. */
export const PERSIST_BATCH_MS = 25;
export const PERSIST_RETRY_MS = 1_000;
/** Compaction needs at least this many stored updates since the snapshot… */
export const COMPACT_AFTER_UPDATES = 200;
/** …and that many new bytes: half the snapshot's size (at least 64 KB), so that rewriting a
 * large board happens in proportion to what was added, never on every few strokes. It waits
 * for a pause in the drawing (rewriting a big board holds the server for a moment)… */
export const COMPACT_GROWTH_RATIO = 0.5;
export const COMPACT_MIN_BYTES = 64 * 1024;
/** …unless the new bytes reach twice the snapshot: then it is done at once, pause or not. */
export const COMPACT_FORCE_RATIO = 2;
/** A pause in the drawing this long lets a due compaction run. */
export const COMPACT_IDLE_MS = 1_500;

type BoardModels = Pick<Models, 'BoardUpdate' | 'BoardSnapshot'>;

/** Stored binary as bytes: mongoose gives a Buffer, a raw driver read a bson Binary. */
export const bytesOf = (v: unknown): Uint8Array => {
  if (v instanceof Uint8Array) return v;
  const inner = (v as { buffer?: unknown }).buffer; // a bson Binary
  if (inner instanceof Uint8Array) return inner;
  throw new Error('stored board data is not binary');
};

export class BoardPersistence {
  private queue: Uint8Array[] = [];
  private nextSeq = 0;
  private snapshotSeq = -1;
  private timer: NodeJS.Timeout | undefined;
  /** Writes and compactions, one at a time. */
  private readonly writes = new Mutex();
  /** Stored bytes: the snapshot and the updates after it (a close upper bound of the board's size). */
  storedBytes = 0;
  private snapshotBytes = 0;
  private bytesSinceSnapshot = 0;
  private compacting: Promise<void> | null = null;
  private lastAppendAt = 0;
  /** What is stored, in order (the snapshot, then the updates after it): compaction folds these. */
  private storedParts: Uint8Array[] = [];

  constructor(
    private readonly models: BoardModels,
    readonly boardId: string,
    private readonly logger: Logger,
    private readonly compactor: Compactor = new Compactor(),
  ) {}

  /** Applies the stored snapshot and the updates after it to an empty document. */
  async load(doc: Y.Doc): Promise<void> {
    const snapshot = await this.models.BoardSnapshot.findById(this.boardId);
    if (snapshot) {
      const data = bytesOf(snapshot.data);
      Y.applyUpdate(doc, data, 'storage');
      this.storedParts.push(data);
      this.snapshotSeq = snapshot.upToSeq;
      this.storedBytes = data.byteLength;
      this.snapshotBytes = data.byteLength;
    }
    const updates = await this.models.BoardUpdate.find({ boardId: this.boardId, seq: { $gt: this.snapshotSeq } }).sort({ seq: 1 });
    for (const u of updates) {
      const data = bytesOf(u.data);
      Y.applyUpdate(doc, data, 'storage');
      this.storedParts.push(data);
      this.storedBytes += data.byteLength;
      this.bytesSinceSnapshot += data.byteLength;
    }
    this.nextSeq = Math.max(this.snapshotSeq, updates.at(-1)?.seq ?? -1) + 1;
  }

  get updatesSinceSnapshot(): number {
    return this.nextSeq - 1 - this.snapshotSeq;
  }

  /** Whether a compaction is due: in a pause (`idle`), or regardless (`busy`, only for a large backlog). */
  shouldCompact(when: 'idle' | 'busy'): boolean {
    const ratio = when === 'idle' ? COMPACT_GROWTH_RATIO : COMPACT_FORCE_RATIO;
    return this.updatesSinceSnapshot >= COMPACT_AFTER_UPDATES && this.bytesSinceSnapshot >= Math.max(COMPACT_MIN_BYTES, this.snapshotBytes * ratio);
  }

  /** Compacts when due, once at a time (updates arriving meanwhile do not queue more). */
  maybeCompact(when: 'idle' | 'busy'): Promise<void> | null {
    if (this.compacting || !this.shouldCompact(when)) return null;
    // Stored writes may be queued ahead of it: an idle compaction checks again that the board
    // is still quiet when its turn comes, and waits for the next pause if not.
    const stillDue = () => when === 'busy' || Date.now() - this.lastAppendAt >= COMPACT_IDLE_MS;
    this.compacting = this.compact(stillDue).finally(() => (this.compacting = null));
    return this.compacting;
  }

  append(update: Uint8Array): void {
    this.lastAppendAt = Date.now();
    this.queue.push(update);
    this.storedBytes += update.byteLength;
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), PERSIST_BATCH_MS);
  }

  /** Writes everything queued; resolves when it is stored (a failed write is retried, never dropped). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.writes.runExclusive(() => this.writeQueued());
  }

  private async writeQueued(): Promise<void> {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const data = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
    try {
      await this.models.BoardUpdate.create({ boardId: this.boardId, seq: this.nextSeq, data: Buffer.from(data) });
      this.nextSeq += 1;
      this.storedParts.push(data);
      this.bytesSinceSnapshot += data.byteLength;
    } catch (err) {
      this.queue = [...batch, ...this.queue];
      this.logger.error({ err, boardId: this.boardId }, 'board update not stored yet; retrying');
      this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), PERSIST_RETRY_MS);
      throw err;
    }
  }

  /**
   * Folds what is stored into one snapshot, on the compactor's thread. The snapshot is
   * written before the updates are deleted, so a crash in between leaves both (replaying an
   * update twice changes nothing in Yjs).
   */
  compact(stillDue: () => boolean = () => true): Promise<void> {
    return this.writes.runExclusive(async () => {
      await this.writeQueued();
      const upToSeq = this.nextSeq - 1;
      if (upToSeq <= this.snapshotSeq || !stillDue()) return;
      const started = performance.now();
      const data = await this.compactor.merge(this.storedParts);
      const encodedMs = performance.now() - started;
      await this.models.BoardSnapshot.replaceOne(
        { _id: this.boardId },
        { _id: this.boardId, upToSeq, data: Buffer.from(data), at: new Date() },
        { upsert: true },
      );
      await this.models.BoardUpdate.deleteMany({ boardId: this.boardId, seq: { $lte: upToSeq } });
      this.logger.info(
        { boardId: this.boardId, bytes: data.byteLength, upToSeq, mergeMs: Math.round(encodedMs), totalMs: Math.round(performance.now() - started) },
        'board compacted',
      );
      this.snapshotSeq = upToSeq;
      this.storedParts = [data];
      this.snapshotBytes = data.byteLength;
      this.bytesSinceSnapshot = 0;
      this.storedBytes = data.byteLength + this.queue.reduce((n, u) => n + u.byteLength, 0);
    });
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
