// The pure part of the safeguarding log: how an event is hashed and how a chain of
// events is checked. Each event's hash covers its sequence number, time, actor, role,
// scope, type, the hash of its payload and the previous event's hash, so any edit,
// deletion or reordering breaks the chain. Hashing the payload separately lets
// retention redact a payload later while the chain stays verifiable.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { LogActor, LogScope, JsonValue } from '../../shared/schemas/log.js';

export const GENESIS_HASH = '0'.repeat(64);

/** An event as stored (`_id` is its sequence number, from 1). */
export interface StoredLogEvent {
  _id: number;
  at: Date;
  actor: LogActor;
  role: string;
  scope: LogScope;
  type: string;
  /** Absent once retention has redacted it; payloadHash stays. */
  payload?: JsonValue;
  /** bySeq: the `retention.run` event that removed the payload (redaction-ledger.ts). */
  redacted?: { at: Date; reason: string; bySeq?: number };
  payloadHash: string;
  prevHash: string;
  hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be represented as canonical JSON');
  return text;
}

export function hashPayload(payload: JsonValue): string {
  return sha256(canonicalJson(payload));
}

export function hashEvent(e: Omit<StoredLogEvent, 'hash' | 'payload' | 'redacted'>): string {
  return sha256(
    canonicalJson({
      seq: e._id,
      at: e.at.toISOString(),
      actor: e.actor,
      role: e.role,
      scope: e.scope,
      type: e.type,
      payloadHash: e.payloadHash,
      prevHash: e.prevHash,
    }),
  );
}

export type ChainBreak =
  | { seq: number; reason: 'sequence-gap'; expectedSeq: number }
  | { seq: number; reason: 'unexplained-redaction' }
  | { seq: number; reason: 'log-truncated'; headRecordSeq: number }
  | { seq: number; reason: 'checkpoint-mismatch' }
  | { seq: number; reason: 'prev-hash-mismatch' }
  | { seq: number; reason: 'hash-mismatch' }
  | { seq: number; reason: 'payload-hash-mismatch' };

export interface ChainReport {
  ok: boolean;
  /** Where the walk started: 0 from the genesis, else a checkpoint's event. */
  fromSeq: number;
  checked: number;
  redacted: number;
  headSeq: number;
  headHash: string;
  firstBreak?: ChainBreak;
}

/** Where a walk starts: the genesis, or a checkpoint (an event already verified). */
export interface ChainStart {
  seq: number;
  hash: string;
}

export const GENESIS: ChainStart = { seq: 0, hash: GENESIS_HASH };

/** A further check of each event of a walk (redactions explained, checkpoints kept). */
export interface ChainCheck {
  see(e: StoredLogEvent): ChainBreak | undefined;
  finish?(): ChainBreak | undefined;
}

/** Walks events in sequence order from `start` and reports the first break, if any. */
export async function verifyChain(
  events: AsyncIterable<StoredLogEvent> | Iterable<StoredLogEvent>,
  opts: { start?: ChainStart; checks?: ChainCheck[] } = {},
): Promise<ChainReport> {
  const start = opts.start ?? GENESIS;
  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  let checked = 0;
  let redacted = 0;
  const report = (firstBreak?: ChainBreak): ChainReport => ({
    ok: !firstBreak,
    fromSeq: start.seq,
    checked,
    redacted,
    headSeq: expectedSeq - 1,
    headHash: prevHash,
    ...(firstBreak ? { firstBreak } : {}),
  });
  for await (const e of events) {
    if (e._id !== expectedSeq) return report({ seq: e._id, reason: 'sequence-gap', expectedSeq });
    if (e.prevHash !== prevHash) return report({ seq: e._id, reason: 'prev-hash-mismatch' });
    if (e.payload === undefined) {
      if (!e.redacted) return report({ seq: e._id, reason: 'payload-hash-mismatch' });
      redacted++;
    } else if (hashPayload(e.payload) !== e.payloadHash) {
      return report({ seq: e._id, reason: 'payload-hash-mismatch' });
    }
    if (hashEvent(e) !== e.hash) return report({ seq: e._id, reason: 'hash-mismatch' });
    for (const check of opts.checks ?? []) {
      const broken = check.see(e);
      if (broken) return report(broken);
    }
    checked++;
    prevHash = e.hash;
    expectedSeq++;
  }
  for (const check of opts.checks ?? []) {
    const broken = check.finish?.();
    if (broken) return report(broken);
  }
  return report();
}

/** One event checked on its own: its payload (unless redacted) and its hash match. */
export function eventIntact(e: StoredLogEvent): boolean {
  if (e.payload === undefined ? !e.redacted : hashPayload(e.payload) !== e.payloadHash) return false;
  return hashEvent(e) === e.hash;
}
