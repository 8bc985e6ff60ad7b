// The single writer of the safeguarding log: an append-only, hash-chained collection.
// Every capability records through `record()`. Appends in this process are serialised;
// writers in other processes are kept off the same sequence number by the unique `_id`
// (= seq), and a writer that loses the race reloads the head and tries again — no
// transactions needed. An append is acknowledged only once the database has it.
import { Mutex } from 'async-mutex';
import type { Collection, Connection } from 'mongoose';
import type { JsonValue, LogActor, LogEventType, LogScope } from '../../shared/schemas/log.js';
import { DomainError } from '../errors/domain-error.js';
import { GENESIS_HASH, hashEvent, hashPayload, verifyChain, type ChainReport, type StoredLogEvent } from './hash-chain.js';

export const LOG_COLLECTION = 'safeguarding_log';
/** Where the chain ends, as a hint for a process that starts (see loadHead). */
export const LOG_HEAD_COLLECTION = 'safeguarding_log_head';
export const MAX_APPEND_ATTEMPTS = 50;
const RETRY_JITTER_MS = 5;

export class LogUnavailableError extends DomainError<'log-unavailable'> {
  readonly status = 503;
  constructor(cause: unknown) {
    super('log-unavailable', 'The safeguarding log cannot be written right now, so the action was not carried out. Try again shortly.', { cause });
  }
}

export interface LogEventInput {
  actor: LogActor;
  role: string;
  scope: LogScope;
  type: LogEventType;
  payload?: JsonValue | Record<string, unknown>;
}

export interface LogQuery {
  scope?: { programmeId?: string; schoolIds?: string[]; linkId?: string; callId?: string; concernId?: string };
  /** Exact types, or prefixes ending in '.' ('board.' is every board event). */
  types?: string[];
  actorId?: string;
  from?: Date;
  to?: Date;
  afterSeq?: number;
  limit: number;
}

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

/** JSON-safe copy: ObjectIds and Dates become strings, undefined fields disappear. */
function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The database filter of a query (shared by reads and by exports). */
export function filterOf(query: Omit<LogQuery, 'limit'>): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const scope = query.scope ?? {};
  if (scope.programmeId) filter['scope.programmeId'] = scope.programmeId;
  if (scope.linkId) filter['scope.linkId'] = scope.linkId;
  if (scope.callId) filter['scope.callId'] = scope.callId;
  if (scope.concernId) filter['scope.concernId'] = scope.concernId;
  if (scope.schoolIds) filter['scope.schoolIds'] = { $in: scope.schoolIds };
  if (query.types?.length) {
    const exact = query.types.filter((t) => !t.endsWith('.'));
    const prefixes = query.types.filter((t) => t.endsWith('.'));
    const byType = [
      ...(exact.length ? [{ type: { $in: exact } }] : []),
      ...(prefixes.length ? [{ type: { $regex: `^(${prefixes.map(escapeRegex).join('|')})` } }] : []),
    ];
    Object.assign(filter, byType.length === 1 ? byType[0] : { $or: byType });
  }
  if (query.actorId) filter['actor.id'] = query.actorId;
  if (query.from || query.to) filter.at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
  if (query.afterSeq) filter._id = { $gt: query.afterSeq };
  return filter;
}

export class SafeguardingLog {
  private readonly events: Collection<StoredLogEvent>;
  private readonly headHint: Collection<{ _id: string; seq: number; hash: string }>;
  private head: { seq: number; hash: string } | null = null;
  private hintTried = false;
  private hintWriting = false;
  private hintWanted: { seq: number; hash: string } | null = null;
  /** Appends in this process, one at a time. */
  private readonly appends = new Mutex();

  constructor(connection: Connection) {
    this.events = connection.collection<StoredLogEvent>(LOG_COLLECTION);
    this.headHint = connection.collection(LOG_HEAD_COLLECTION);
  }

  /**
   * The DSL's queries, by call, link, school, concern and time. (MongoDB uses them; the
   * embedded FerretDB accepts them but scans: see bench:dsl.)
   */
  async ensureIndexes(): Promise<void> {
    await this.events.createIndexes([
      { key: { 'scope.callId': 1, _id: 1 } },
      { key: { 'scope.linkId': 1, at: 1 } },
      { key: { 'scope.schoolIds': 1, at: 1 } },
      { key: { 'scope.programmeId': 1, at: 1 } },
      { key: { 'scope.concernId': 1, _id: 1 } },
    ]);
  }

  /** Appends one event; resolves once it is stored, or rejects with LogUnavailableError. */
  record(input: LogEventInput): Promise<StoredLogEvent> {
    return this.appends.runExclusive(() => this.append(input));
  }

  private async append(input: LogEventInput): Promise<StoredLogEvent> {
    const payload = toJson(input.payload ?? {});
    const payloadHash = hashPayload(payload);
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      try {
        const head = this.head ?? (await this.loadHead());
        const event: Omit<StoredLogEvent, 'hash'> = {
          _id: head.seq + 1,
          at: new Date(),
          actor: toJson(input.actor) as LogActor,
          role: input.role,
          scope: toJson(input.scope) as LogScope,
          type: input.type,
          payload,
          payloadHash,
          prevHash: head.hash,
        };
        const stored: StoredLogEvent = { ...event, hash: hashEvent(event) };
        await this.events.insertOne(stored, { writeConcern: { w: 'majority', j: true } });
        this.head = { seq: stored._id, hash: stored.hash };
        this.moveHeadHint(this.head);
        return stored;
      } catch (err) {
        this.head = null;
        if (!isDuplicateKey(err)) throw new LogUnavailableError(err);
        // Another process appended first: reload the head and try again.
        await new Promise((r) => setTimeout(r, Math.random() * RETRY_JITTER_MS * attempt));
      }
    }
    throw new LogUnavailableError(new Error(`lost the append race ${MAX_APPEND_ATTEMPTS} times`));
  }

  /**
   * The hint only moves forward (a later writer may have moved it already); it is not
   * awaited, since the chain never depends on it: a stale hint costs one lost race.
   */
  private moveHeadHint(head: { seq: number; hash: string }): void {
    // One hint write at a time: appends that arrive meanwhile are folded into the next.
    this.hintWanted = head;
    if (this.hintWriting) return;
    this.hintWriting = true;
    const write = (): void => {
      const next = this.hintWanted!;
      this.hintWanted = null;
      void this.headHint
        .updateOne({ _id: 'head', seq: { $lt: next.seq } }, { $set: next }, { upsert: true })
        .catch(() => undefined) // a later writer is ahead (duplicate 'head'), or the database is going away
        .then(() => (this.hintWanted ? write() : (this.hintWriting = false)));
    };
    write();
  }

  /**
   * A starting process reads the hint: one lookup by a string id, which every database
   * answers from its index (the embedded FerretDB scans a collection for anything else,
   * minutes at a million events). After a lost race, or without a hint, the last event is
   * found by sorting on the sequence number.
   */
  private async loadHead(): Promise<{ seq: number; hash: string }> {
    if (!this.hintTried) {
      this.hintTried = true;
      const hint = await this.headHint.findOne({ _id: 'head' });
      if (hint) return (this.head = { seq: hint.seq, hash: hint.hash });
    }
    const last = await this.events.find({}, { projection: { _id: 1, hash: 1 } }).sort({ _id: -1 }).limit(1).next();
    this.head = last ? { seq: last._id, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    return this.head;
  }

  /**
   * Events matching a query, oldest first. Reading is itself a safeguarding event, recorded
   * before the events are returned (so a read that cannot be logged does not happen).
   */
  async read(reader: Omit<LogEventInput, 'type' | 'payload'>, query: LogQuery): Promise<StoredLogEvent[]> {
    await this.record({ ...reader, type: 'log.read', payload: { query: toJson(query) } });
    return this.events.find(filterOf(query)).sort({ _id: 1 }).limit(query.limit).toArray();
  }

  /**
   * Retention: removes the payloads of matching events. Each event keeps its place, its
   * hashes (so the chain still verifies) and gains a redaction marker. Returns how many.
   */
  async redact(filter: Record<string, unknown>, reason: string, at: Date): Promise<number> {
    const r = await this.events.updateMany(
      { ...filter, payload: { $exists: true } },
      { $unset: { payload: '' }, $set: { redacted: { at, reason } } },
      { writeConcern: { w: 'majority', j: true } },
    );
    return r.modifiedCount;
  }

  /** Walks the whole chain from the first event. */
  async verify(): Promise<ChainReport> {
    return verifyChain(this.events.find({}).sort({ _id: 1 }));
  }

  /** For tests and tools: the raw collection. */
  get collection(): Collection<StoredLogEvent> {
    return this.events;
  }
}
