// The single writer of the safeguarding log: an append-only, hash-chained collection.
// Every capability records through `record()`. Appends in this process are serialised;
// writers in other processes are kept off the same sequence number by the unique `_id`
// (= seq), and a writer that loses the race reloads the head and tries again — no
// transactions needed. An append is acknowledged only once the database has it.
import type { Collection, Connection } from 'mongoose';
import type { JsonValue, LogActor, LogEventType, LogScope } from '../../shared/schemas/log.js';
import { GENESIS_HASH, hashEvent, hashPayload, verifyChain, type ChainReport, type StoredLogEvent } from './hash-chain.js';

export const LOG_COLLECTION = 'safeguarding_log';
export const MAX_APPEND_ATTEMPTS = 50;
const RETRY_JITTER_MS = 5;

export class LogUnavailableError extends Error {
  readonly code = 'log-unavailable';
  constructor(cause: unknown) {
    super('The safeguarding log cannot be written right now, so the action was not carried out. Try again shortly.', { cause });
    this.name = 'LogUnavailableError';
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
  scope?: { programmeId?: string; schoolIds?: string[]; linkId?: string };
  types?: string[];
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

export class SafeguardingLog {
  private readonly events: Collection<StoredLogEvent>;
  private head: { seq: number; hash: string } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(connection: Connection) {
    this.events = connection.collection<StoredLogEvent>(LOG_COLLECTION);
  }

  /** Appends one event; resolves once it is stored, or rejects with LogUnavailableError. */
  record(input: LogEventInput): Promise<StoredLogEvent> {
    const next = this.queue.then(() => this.append(input));
    this.queue = next.catch(() => undefined);
    return next;
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

  private async loadHead(): Promise<{ seq: number; hash: string }> {
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
    const filter: Record<string, unknown> = {};
    if (query.scope?.programmeId) filter['scope.programmeId'] = query.scope.programmeId;
    if (query.scope?.linkId) filter['scope.linkId'] = query.scope.linkId;
    if (query.scope?.schoolIds) filter['scope.schoolIds'] = { $in: query.scope.schoolIds };
    if (query.types?.length) filter.type = { $in: query.types };
    if (query.from || query.to) filter.at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
    if (query.afterSeq) filter._id = { $gt: query.afterSeq };
    return this.events.find(filter).sort({ _id: 1 }).limit(query.limit).toArray();
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
