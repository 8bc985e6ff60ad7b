// Group commit for the hash chain: appends that arrive while a write is under way wait in
// a queue and go to the database together, as one ordered insertMany, chained in arrival
// order. Each append is answered only after the batch holding it is stored (never before),
// or refused with LogUnavailableError.
//
// Writers in other processes are kept off the same sequence numbers by the unique `_id`
// (= seq); a batch that loses the race keeps the events that were stored and chains the
// rest again from the new head. A write whose outcome is unknown (the database stalled past
// APPEND_TIMEOUT_MS) is refused to its callers; if its events turn up in the chain later,
// a `log.unconfirmed-append` event says that those actions were refused, so the log never
// shows a refused action as done without saying so.
import type { Collection } from 'mongoose';
import type { JsonValue, LogActor, LogScope } from '../../shared/schemas/log.js';
import { GENESIS_HASH, hashEvent, hashPayload, type StoredLogEvent } from './hash-chain.js';
import { within } from '../db/within.js';
import { LogUnavailableError, toJson, type LogEventInput } from './log-types.js';

/** Large enough to carry a burst in one write, small enough to keep each write short. */
export const MAX_BATCH_EVENTS = 500;
/** How long an append may wait for the database before its action is refused. */
export const APPEND_TIMEOUT_MS = 10_000;
export const MAX_APPEND_ATTEMPTS = 50;
const RETRY_JITTER_MS = 5;
const WRITE_CONCERN = { w: 'majority' as const, j: true };
const SYSTEM_ACTOR = { kind: 'system' as const, id: 'safeguarding-log', label: 'Safeguarding log' };

export interface Head {
  seq: number;
  hash: string;
}

interface Pending {
  input: LogEventInput;
  payload: JsonValue;
  payloadHash: string;
  resolve?: (event: StoredLogEvent) => void;
  reject?: (err: unknown) => void;
}

const isDuplicateKey = (err: unknown) => {
  const e = err as { code?: number; writeErrors?: { code?: number }[] | { code?: number } };
  if (e?.code === 11000) return true;
  const writeErrors = Array.isArray(e?.writeErrors) ? e.writeErrors : e?.writeErrors ? [e.writeErrors] : [];
  return writeErrors.length > 0 && writeErrors.every((w) => w.code === 11000);
};

export class ChainAppender {
  private queue: Pending[] = [];
  private writing = false;
  private head: Head | null = null;
  /** Events of writes whose outcome is unknown, until the chain has passed their numbers. */
  private uncertain: StoredLogEvent[] = [];

  constructor(
    private readonly events: Collection<StoredLogEvent>,
    private readonly headHint: HeadHint,
    private readonly timeoutMs = APPEND_TIMEOUT_MS,
  ) {}

  /** Events waiting behind the batch being written (an operator's sign of a slow database). */
  get queueDepth(): number {
    return this.queue.length;
  }

  append(input: LogEventInput): Promise<StoredLogEvent> {
    const payload = toJson(input.payload ?? {});
    const pending: Pending = { input, payload, payloadHash: hashPayload(payload) };
    const done = new Promise<StoredLogEvent>((resolve, reject) => Object.assign(pending, { resolve, reject }));
    this.queue.push(pending);
    if (!this.writing) void this.writeQueued();
    return done;
  }

  private async writeQueued(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) await this.writeBatch(this.queue.splice(0, MAX_BATCH_EVENTS));
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS && pending.length > 0; attempt++) {
      let events: StoredLogEvent[] = [];
      try {
        const head = this.head ?? (await this.loadHead());
        pending = [...(await this.noticesOfUnconfirmed()), ...pending];
        events = chain(head, pending);
        await within(this.timeoutMs, this.events.insertMany(events, { ordered: true, writeConcern: WRITE_CONCERN }));
        this.stored(pending, events);
        return;
      } catch (err) {
        this.head = null;
        if (!isDuplicateKey(err)) {
          // Unknown outcome: refused to the callers; remembered in case it is stored after all.
          this.uncertain.push(...events);
          return fail(pending, new LogUnavailableError(err));
        }
        // Another process appended first: keep what was stored, chain the rest again.
        const stored = await this.storedOf(events).catch(() => null);
        if (stored === null) return fail(pending, new LogUnavailableError(err));
        this.stored(pending.slice(0, stored), events.slice(0, stored));
        pending = pending.slice(stored);
        await new Promise((r) => setTimeout(r, Math.random() * RETRY_JITTER_MS * attempt));
      }
    }
    fail(pending, new LogUnavailableError(new Error(`lost the append race ${MAX_APPEND_ATTEMPTS} times`)));
  }

  private stored(pending: Pending[], events: StoredLogEvent[]): void {
    const last = events.at(-1);
    if (!last) return;
    this.head = { seq: last._id, hash: last.hash };
    this.uncertain = this.uncertain.filter((e) => e._id > last._id);
    this.headHint.moveTo(this.head);
    pending.forEach((p, i) => p.resolve?.(events[i]!));
  }

  /** How many of the batch's events (a prefix, the insert being ordered) are in the log. */
  private async storedOf(events: StoredLogEvent[]): Promise<number> {
    const found = await within(this.timeoutMs, this.events.find({ _id: { $in: events.map((e) => e._id) } }, { projection: { _id: 1, hash: 1 } }).toArray());
    const hashes = new Map(found.map((e) => [e._id, e.hash]));
    const firstMissing = events.findIndex((e) => hashes.get(e._id) !== e.hash);
    return firstMissing === -1 ? events.length : firstMissing;
  }

  /** Events of unknown outcome found in the log: each gets a notice saying it was refused. */
  private async noticesOfUnconfirmed(): Promise<Pending[]> {
    if (this.uncertain.length === 0) return [];
    const landed = this.uncertain.slice(0, await this.storedOf(this.uncertain));
    if (landed.length === 0) return [];
    this.uncertain = this.uncertain.filter((e) => !landed.includes(e));
    const payload = toJson({
      events: landed.map((e) => ({ seq: e._id, type: e.type })),
      reason: 'stored after the database failed to confirm them in time: these actions were refused to their users and not carried out',
    });
    return [{ input: { actor: SYSTEM_ACTOR, role: 'system', scope: {}, type: 'log.unconfirmed-append' }, payload, payloadHash: hashPayload(payload) }];
  }

  /**
   * Where the chain ends: at or after the head hint (a lookup by a string id, then a
   * range of `_id` from there, which every database answers from its index).
   */
  private async loadHead(): Promise<Head> {
    const hint = await within(this.timeoutMs, this.headHint.read());
    const last = await within(this.timeoutMs, lastEvent(this.events, hint?.seq ?? 0));
    this.head = last ? { seq: last._id, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    return this.head;
  }
}

/**
 * The last event of the log, looked for from `fromSeq` on (a range of the `_id` index);
 * only when there is none there (a log shorter than its head hint) by a walk of it all.
 */
export async function lastEvent(events: Collection<StoredLogEvent>, fromSeq: number): Promise<Pick<StoredLogEvent, '_id' | 'hash'> | null> {
  const last = (filter: object) =>
    events
      .find(filter, { projection: { _id: 1, hash: 1 } })
      .sort({ _id: -1 })
      .limit(1)
      .next();
  return (fromSeq > 0 ? await last({ _id: { $gte: fromSeq } }) : null) ?? (await last({}));
}

function chain(head: Head, pending: Pending[]): StoredLogEvent[] {
  let prev = head;
  const at = new Date();
  return pending.map(({ input, payload, payloadHash }) => {
    const event: Omit<StoredLogEvent, 'hash'> = {
      _id: prev.seq + 1,
      at,
      actor: toJson(input.actor) as LogActor,
      role: input.role,
      scope: toJson(input.scope) as LogScope,
      type: input.type,
      payload,
      payloadHash,
      prevHash: prev.hash,
    };
    const stored: StoredLogEvent = { ...event, hash: hashEvent(event) };
    prev = { seq: stored._id, hash: stored.hash };
    return stored;
  });
}

function fail(pending: Pending[], err: unknown): void {
  for (const p of pending) p.reject?.(err);
}

/**
 * Where the chain ended last, kept in its own collection: read by a starting process, and
 * by log:verify to find a log shorter than it should be. It only moves forward, and is not
 * awaited by appends (the chain never depends on it: a stale hint costs one lost race).
 */
export class HeadHint {
  private writing = false;
  private wanted: Head | null = null;

  constructor(private readonly hints: Collection<{ _id: string; seq: number; hash: string }>) {}

  read(): Promise<Head | null> {
    return this.hints.findOne({ _id: 'head' }, { projection: { seq: 1, hash: 1 } });
  }

  moveTo(head: Head): void {
    // One write at a time: heads that arrive meanwhile are folded into the next.
    this.wanted = head;
    if (this.writing) return;
    this.writing = true;
    const write = (): void => {
      const next = this.wanted!;
      this.wanted = null;
      void this.hints
        .updateOne({ _id: 'head', seq: { $lt: next.seq } }, { $set: next }, { upsert: true })
        .catch(() => undefined) // a later writer is ahead (duplicate 'head'), or the database is going away
        .then(() => (this.wanted ? write() : (this.writing = false)));
    };
    write();
  }
}
