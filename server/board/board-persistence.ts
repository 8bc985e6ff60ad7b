// Keeps one board's document in the database: every applied update is stored as it arrives
// (batched over a few milliseconds), and the updates are folded into one snapshot from time
// to time so that a board of a long lesson loads as fast as a new one.
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { Models } from '../db/models.js';

/** Updates arriving within this window are merged into one write. */
export const PERSIST_BATCH_MS = 25;
export const PERSIST_RETRY_MS = 1_000;
/** Stored updates since the snapshot that trigger a compaction. */
export const COMPACT_AFTER_UPDATES = 200;

type BoardModels = Pick<Models, 'BoardUpdate' | 'BoardSnapshot'>;

const bytesOf = (v: unknown): Uint8Array => {
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
  private chain: Promise<void> = Promise.resolve();
  /** Stored bytes: the snapshot and the updates after it (a close upper bound of the board's size). */
  storedBytes = 0;

  constructor(
    private readonly models: BoardModels,
    readonly boardId: string,
    private readonly logger: Logger,
  ) {}

  /** Applies the stored snapshot and the updates after it to an empty document. */
  async load(doc: Y.Doc): Promise<void> {
    const snapshot = await this.models.BoardSnapshot.findById(this.boardId);
    if (snapshot) {
      const data = bytesOf(snapshot.data);
      Y.applyUpdate(doc, data, 'storage');
      this.snapshotSeq = snapshot.upToSeq;
      this.storedBytes = data.byteLength;
    }
    const updates = await this.models.BoardUpdate.find({ boardId: this.boardId, seq: { $gt: this.snapshotSeq } }).sort({ seq: 1 });
    for (const u of updates) {
      const data = bytesOf(u.data);
      Y.applyUpdate(doc, data, 'storage');
      this.storedBytes += data.byteLength;
    }
    this.nextSeq = Math.max(this.snapshotSeq, updates.at(-1)?.seq ?? -1) + 1;
  }

  get updatesSinceSnapshot(): number {
    return this.nextSeq - 1 - this.snapshotSeq;
  }

  append(update: Uint8Array): void {
    this.queue.push(update);
    this.storedBytes += update.byteLength;
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), PERSIST_BATCH_MS);
  }

  /** Writes everything queued; resolves when it is stored (a failed write is retried, never dropped). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.chain.then(() => this.writeQueued());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async writeQueued(): Promise<void> {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const data = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
    try {
      await this.models.BoardUpdate.create({ boardId: this.boardId, seq: this.nextSeq, data: Buffer.from(data) });
      this.nextSeq += 1;
    } catch (err) {
      this.queue = [...batch, ...this.queue];
      this.logger.error({ err, boardId: this.boardId }, 'board update not stored yet; retrying');
      this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), PERSIST_RETRY_MS);
      throw err;
    }
  }

  /**
   * Folds the stored updates into one snapshot of the document. The snapshot is written
   * before the updates are deleted, so a crash in between leaves both (replaying an update
   * twice changes nothing in Yjs).
   */
  compact(doc: Y.Doc): Promise<void> {
    const run = this.chain.then(async () => {
      await this.writeQueued();
      const upToSeq = this.nextSeq - 1;
      if (upToSeq <= this.snapshotSeq) return;
      const data = Y.encodeStateAsUpdate(doc);
      await this.models.BoardSnapshot.replaceOne({ _id: this.boardId }, { _id: this.boardId, upToSeq, data: Buffer.from(data), at: new Date() }, { upsert: true });
      await this.models.BoardUpdate.deleteMany({ boardId: this.boardId, seq: { $lte: upToSeq } });
      this.snapshotSeq = upToSeq;
      this.storedBytes = data.byteLength + this.queue.reduce((n, u) => n + u.byteLength, 0);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
