// Verification of the log's hash chain, whole or from its latest checkpoint.
//
// The walk reads pages of events by ranges of `_id` (served by the `_id` index on every
// database) with the next pages already requested, so that the database decodes while this
// process hashes. A verification that finds the chain intact leaves a checkpoint: the
// sequence number and hash of the last event it checked. An export then verifies only
// from the latest checkpoint to the head, after checking that the checkpoint's event still
// has the recorded hash (rewriting the chain before it would have changed that hash).
// A whole walk also checks every checkpoint it passes, that each redaction was made by a
// retention run (redaction-ledger.ts), and that the log is not shorter than its head record.
import type { Collection } from 'mongoose';
import { lastEvent, type HeadHint } from './chain-appender.js';
import { GENESIS, verifyChain, type ChainBreak, type ChainCheck, type ChainReport, type ChainStart, type StoredLogEvent } from './hash-chain.js';
import { RedactionLedger } from './redaction-ledger.js';

export const WALK_PAGE_EVENTS = 5_000;
/** Pages requested ahead of the one being hashed. */
export const WALK_PAGES_AHEAD = 2;

export interface Checkpoint {
  _id: number;
  hash: string;
  at: Date;
}

export interface VerifyOptions {
  /** 'checkpoint': from the latest checkpoint (exports); 'genesis': the whole chain (log:verify). */
  from: 'genesis' | 'checkpoint';
  onProgress?: (checkedSeq: number, lastSeq: number) => void;
}

/** Each checkpoint the walk passes must still have its recorded hash. */
class CheckpointCheck implements ChainCheck {
  constructor(private readonly checkpoints: Map<number, string>) {}
  see(e: StoredLogEvent): ChainBreak | undefined {
    const hash = this.checkpoints.get(e._id);
    return hash !== undefined && hash !== e.hash ? { seq: e._id, reason: 'checkpoint-mismatch' } : undefined;
  }
}

export class ChainVerifier {
  constructor(
    private readonly events: Collection<StoredLogEvent>,
    private readonly headHint: HeadHint,
    private readonly checkpoints: Collection<Checkpoint>,
  ) {}

  async verify(opts: VerifyOptions): Promise<ChainReport> {
    // The head record is read before the walk: appends during the walk move it on.
    const hintSeq = (await this.headHint.read())?.seq ?? 0;
    const lastSeq = await this.lastSeq(hintSeq);
    // A verification from a checkpoint needs the latest only; a whole walk checks each.
    const all = opts.from === 'genesis' ? await this.checkpoints.find({}).sort({ _id: 1 }).toArray() : [];
    const latest = opts.from === 'genesis' ? all.at(-1) : await this.checkpoints.find({}).sort({ _id: -1 }).limit(1).next();
    let start: ChainStart = GENESIS;
    const checks: ChainCheck[] = [new CheckpointCheck(new Map(all.map((c) => [c._id, c.hash])))];
    if (opts.from === 'checkpoint' && latest && latest._id <= lastSeq) {
      const event = await this.events.findOne({ _id: latest._id }, { projection: { hash: 1 } });
      if (event?.hash !== latest.hash) return brokenAt(latest, { seq: latest._id, reason: 'checkpoint-mismatch' });
      start = { seq: latest._id, hash: latest.hash };
    } else {
      checks.push(new RedactionLedger());
    }
    const report = await verifyChain(this.walk(start.seq, lastSeq, opts.onProgress), { start, checks });
    if (!report.ok) return report;

    // A log shorter than its head record, or than a checkpoint, lost events from its end.
    const known = Math.max(hintSeq, latest?._id ?? 0);
    if (known > report.headSeq) return { ...report, ok: false, firstBreak: { seq: report.headSeq + 1, reason: 'log-truncated', headRecordSeq: known } };

    if (report.headSeq > (latest?._id ?? 0)) {
      await this.checkpoints.updateOne({ _id: report.headSeq }, { $setOnInsert: { hash: report.headHash, at: new Date() } }, { upsert: true });
    }
    return report;
  }

  /** The highest sequence number in the log. */
  private async lastSeq(hintSeq: number): Promise<number> {
    return (await lastEvent(this.events, hintSeq))?._id ?? 0;
  }

  private async *walk(afterSeq: number, lastSeq: number, onProgress?: VerifyOptions['onProgress']): AsyncGenerator<StoredLogEvent> {
    const page = (from: number) =>
      this.events
        .find({ _id: { $gt: from, $lte: Math.min(from + WALK_PAGE_EVENTS, lastSeq) } })
        .sort({ _id: 1 })
        .toArray();
    const ahead: Promise<StoredLogEvent[]>[] = [];
    let next = afterSeq;
    const request = () => {
      if (next >= lastSeq) return;
      const p = page(next);
      p.catch(() => undefined); // awaited in turn below; not unhandled meanwhile
      ahead.push(p);
      next += WALK_PAGE_EVENTS;
    };
    for (let i = 0; i <= WALK_PAGES_AHEAD; i++) request();
    while (ahead.length > 0) {
      const events = await ahead.shift()!;
      request();
      yield* events;
      if (events.length) onProgress?.(events.at(-1)!._id, lastSeq);
    }
  }
}

function brokenAt(checkpoint: Checkpoint, firstBreak: ChainBreak): ChainReport {
  return { ok: false, fromSeq: checkpoint._id, checked: 0, redacted: 0, headSeq: checkpoint._id, headHash: checkpoint.hash, firstBreak };
}
