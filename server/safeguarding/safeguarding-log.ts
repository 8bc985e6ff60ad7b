// The single writer of the safeguarding log: an append-only, hash-chained collection.
// Every capability records through `record()`; appends are group-committed
// (chain-appender.ts) and acknowledged only once the database has them.
import type { Collection, Connection } from 'mongoose';
import { ChainAppender, HeadHint } from './chain-appender.js';
import { verifyChain, type ChainReport, type StoredLogEvent } from './hash-chain.js';
import { toJson, type LogEventInput } from './log-types.js';

export { LogUnavailableError, type LogEventInput } from './log-types.js';
export { MAX_APPEND_ATTEMPTS } from './chain-appender.js';

export const LOG_COLLECTION = 'safeguarding_log';
/** Where the chain ends, as a hint for a process that starts (see ChainAppender.loadHead). */
export const LOG_HEAD_COLLECTION = 'safeguarding_log_head';

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
  if (query.actorId) filter['actor.id'] = query.actorId;
  if (query.from || query.to) filter.at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
  if (query.afterSeq) filter._id = { $gt: query.afterSeq };
  return filter;
}

export class SafeguardingLog {
  private readonly events: Collection<StoredLogEvent>;
  private readonly appender: ChainAppender;

  constructor(connection: Connection, opts: { appendTimeoutMs?: number } = {}) {
    this.events = connection.collection<StoredLogEvent>(LOG_COLLECTION);
    this.appender = new ChainAppender(this.events, new HeadHint(connection.collection(LOG_HEAD_COLLECTION)), opts.appendTimeoutMs);
  }

  /**
   * The DSL's queries, by call, link, school, concern and time. Created one at a time, each
   * only if missing, so that a restart on existing data changes nothing.
   */
  async ensureIndexes(): Promise<void> {
    for (const key of LOG_INDEX_KEYS) await this.events.createIndex(key);
  }

  /** Appends one event; resolves once it is stored, or rejects with LogUnavailableError. */
  record(input: LogEventInput): Promise<StoredLogEvent> {
    return this.appender.append(input);
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
