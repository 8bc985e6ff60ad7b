// Hash-chained log events built in memory, for tests of what reads the log.
import { GENESIS_HASH, hashEvent, hashPayload, type StoredLogEvent } from '../../server/safeguarding/hash-chain.js';
import type { JsonValue, LogActor } from '../../shared/schemas/log.js';

export interface EventSpec {
  type: string;
  actor?: LogActor;
  payload?: JsonValue;
  /** Seconds after the first event. */
  t?: number;
  scope?: StoredLogEvent['scope'];
}

export function chainOf(specs: EventSpec[], start = Date.UTC(2026, 2, 3, 9, 0, 0)): StoredLogEvent[] {
  let prevHash = GENESIS_HASH;
  return specs.map((spec, i) => {
    const payload = spec.payload ?? {};
    const base = {
      _id: i + 1,
      at: new Date(start + (spec.t ?? i) * 1000),
      actor: spec.actor ?? { kind: 'user' as const, id: 'teacher-a', label: 'Ms Teacher' },
      role: 'teacher',
      scope: spec.scope ?? { programmeId: 'p1', schoolIds: ['s1', 's2'], callId: 'c1' },
      type: spec.type,
      payloadHash: hashPayload(payload),
      prevHash,
    };
    const e: StoredLogEvent = { ...base, payload, hash: hashEvent(base) };
    prevHash = e.hash;
    return e;
  });
}
