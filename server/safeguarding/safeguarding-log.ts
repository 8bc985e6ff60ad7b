// The single writer of the safeguarding log: an append-only, hash-chained collection.
// Every capability records through `record()`; appends are group-committed
// (chain-appender.ts) and acknowledged only once the database has them.
import type { Collection, Connection } from 'mongoose';
import { ChainAppender, HeadHint } from './chain-appender.js';
import { ChainVerifier, type VerifyOptions } from './chain-verifier.js';
import type { ChainReport, StoredLogEvent } from './hash-chain.js';
import { toJson, type LogEventInput } from './log-types.js';

export { LogUnavailableError, type LogEventInput } from './log-types.js';
export { MAX_APPEND_ATTEMPTS } from './chain-appender.js';

export const LOG_COLLECTION = 'safeguarding_log';
/** Where the chain ends, as a hint for a process that starts (see ChainAppender.loadHead). */
export const LOG_HEAD_COLLECTION = 'safeguarding_log_head';
/** Where verifications left the chain intact (chain-verifier.ts). */
export const LOG_CHECKPOINT_COLLECTION = 'safeguarding_log_checkpoints';

export interface LogQuery {
  scope?: { programmeId?: string; schoolIds?: string[]; linkId?: string; callId?: string; concernId?: string };
  /** Exact types, or prefixes ending in '.' ('board.' is every board event). */
  types?: string[];
  /** Exact types left out (the log's own readings, from a timeline of what happened). */
  excludeTypes?: string[];
  actorId?: string;
  from?: Date;
  to?: Date;
  afterSeq?: number;
  limit: number;
}

/**
 * The log's indexes. On MongoDB each serves its query; the embedded FerretDB (patched)
 * serves equality and ranges on those whose fields never hold an array (not schoolIds).
 */
export const LOG_INDEX_KEYS = [
  { 'scope.callId': 1, _id: 1 },
  { 'scope.linkId': 1, at: 1 },
  { 'scope.schoolIds': 1, at: 1 },
  { 'scope.programmeId': 1, at: 1 },
  { 'scope.concernId': 1, _id: 1 },
  // A person's own actions: the timeline's actor filter, subject access and erasure.
  { 'actor.id': 1, _id: 1 },
] as const;

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
  if (query.excludeTypes?.length) {
    // Beside an exact-type match ({ type: { $in } }), both conditions must hold.
    filter.$and = [...((filter.$and as unknown[]) ?? []), { type: { $nin: query.excludeTypes } }];
  }
  if (query.actorId) filter['actor.id'] = query.actorId;
  if (query.from || query.to) filter.at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
  if (query.afterSeq) filter._id = { $gt: query.afterSeq };
  return filter;
}

export class SafeguardingLog {
  private readonly events: Collection<StoredLogEvent>;
  private readonly appender: ChainAppender;
  private readonly verifier: ChainVerifier;

  constructor(connection: Connection, opts: { appendTimeoutMs?: number } = {}) {
    this.events = connection.collection<StoredLogEvent>(LOG_COLLECTION);
    const headHint = new HeadHint(connection.collection(LOG_HEAD_COLLECTION));
    this.appender = new ChainAppender(this.events, headHint, opts.appendTimeoutMs);
    this.verifier = new ChainVerifier(this.events, headHint, connection.collection(LOG_CHECKPOINT_COLLECTION));
  }

  /**
   * The DSL's queries, by call, link, school, concern and time. Created one at a time, each
   * only if missing, so that a restart on existing data changes nothing.
   */
  async ensureIndexes(): Promise<void> {
    for (const key of LOG_INDEX_KEYS) await this.events.createIndex(key);
  }

  private appendObserver: ((seconds: number) => void) | undefined;

  /** Called with each stored append's latency, in seconds (the /metrics histogram). */
  observeAppends(observer: (seconds: number) => void): void {
    this.appendObserver = observer;
  }

  /** Events waiting to be written. */
  get appendQueueDepth(): number {
    return this.appender.queueDepth;
  }

  /** Appends one event; resolves once it is stored, or rejects with LogUnavailableError. */
  record(input: LogEventInput): Promise<StoredLogEvent> {
    const stored = this.appender.append(input);
    const observer = this.appendObserver;
    if (observer) {
      const startedMs = performance.now();
      stored.then(
        () => observer((performance.now() - startedMs) / 1000),
        () => undefined,
      );
    }
    return stored;
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
   * hashes (so the chain still verifies) and gains a redaction marker naming the
   * `retention.run` event (bySeq) that removed it. Returns how many.
   */
  async redact(filter: Record<string, unknown>, reason: string, at: Date, bySeq: number): Promise<number> {
    const r = await this.events.updateMany(
      { ...filter, payload: { $exists: true }, _id: { $lt: bySeq } },
      { $unset: { payload: '' }, $set: { redacted: { at, reason, bySeq } } },
      { writeConcern: { w: 'majority', j: true } },
    );
    return r.modifiedCount;
  }

  /**
   * Verifies the chain: the whole of it (the default, as log:verify does), or from the
   * latest checkpoint (as exports do). An intact chain leaves a checkpoint at its head.
   */
  verify(opts: VerifyOptions = { from: 'genesis' }): Promise<ChainReport> {
    return this.verifier.verify(opts);
  }

  /** For tests and tools: the raw collection. */
  get collection(): Collection<StoredLogEvent> {
    return this.events;
  }
}
