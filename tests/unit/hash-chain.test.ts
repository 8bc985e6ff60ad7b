import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent, hashPayload, verifyChain, type StoredLogEvent } from '../../server/safeguarding/hash-chain.js';

function chain(n: number): StoredLogEvent[] {
  const out: StoredLogEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const payload = { note: `event ${seq}`, nested: { b: 2, a: [1, 2, 3] } };
    const base = {
      _id: seq,
      at: new Date(Date.UTC(2026, 0, 1, 9, 0, seq)),
      actor: { kind: 'user' as const, id: `u${seq % 3}` },
      role: 'teacher',
      scope: { programmeId: 'p1', schoolIds: ['s1', 's2'] },
      type: 'link.created',
      payloadHash: hashPayload(payload),
      prevHash,
    };
    const e = { ...base, payload, hash: hashEvent(base) };
    out.push(e);
    prevHash = e.hash;
  }
  return out;
}

describe('hash chain', () => {
  it('accepts an intact chain and reports its head', async () => {
    const events = chain(5);
    expect(await verifyChain(events)).toEqual({ ok: true, fromSeq: 0, checked: 5, redacted: 0, headSeq: 5, headHash: events[4]!.hash });
  });

  it('accepts an empty chain', async () => {
    expect(await verifyChain([])).toMatchObject({ ok: true, checked: 0, headSeq: 0, headHash: GENESIS_HASH });
  });

  it('does not depend on key order in the payload', () => {
    expect(hashPayload({ a: 1, b: { c: 2, d: 3 } })).toBe(hashPayload({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it.each([
    [
      'type',
      (e: StoredLogEvent): void => {
        e.type = 'link.ended';
      },
      'hash-mismatch',
    ],
    [
      'time',
      (e: StoredLogEvent): void => {
        e.at = new Date(e.at.getTime() + 1);
      },
      'hash-mismatch',
    ],
    [
      'actor',
      (e: StoredLogEvent): void => {
        e.actor = { kind: 'user', id: 'someone-else' };
      },
      'hash-mismatch',
    ],
    [
      'role',
      (e: StoredLogEvent): void => {
        e.role = 'coordinator';
      },
      'hash-mismatch',
    ],
    [
      'scope',
      (e: StoredLogEvent): void => {
        e.scope = { programmeId: 'p2' };
      },
      'hash-mismatch',
    ],
    [
      'payload',
      (e: StoredLogEvent): void => {
        e.payload = { note: 'rewritten' };
      },
      'payload-hash-mismatch',
    ],
    [
      'payload removed without redaction',
      (e: StoredLogEvent): void => {
        delete e.payload;
      },
      'payload-hash-mismatch',
    ],
  ] as const)('finds an edited %s at the edited event', async (_what, edit, reason) => {
    const events = chain(5);
    edit(events[2]!);
    expect((await verifyChain(events)).firstBreak).toEqual({ seq: 3, reason });
  });

  it('finds an edit that recomputed the edited event’s own hash at the next event', async () => {
    const events = chain(5);
    const e = events[2]!;
    e.role = 'coordinator';
    e.hash = hashEvent(e);
    expect((await verifyChain(events)).firstBreak).toEqual({ seq: 4, reason: 'prev-hash-mismatch' });
  });

  it('finds a deleted event', async () => {
    const events = chain(5);
    events.splice(1, 1);
    expect((await verifyChain(events)).firstBreak).toEqual({ seq: 3, reason: 'sequence-gap', expectedSeq: 2 });
  });

  it('finds reordered events', async () => {
    const events = chain(5);
    [events[1], events[2]] = [events[2]!, events[1]!];
    expect((await verifyChain(events)).firstBreak).toMatchObject({ seq: 3, reason: 'sequence-gap' });
  });

  it('accepts a payload redacted by retention: the event keeps its payload hash', async () => {
    const events = chain(4);
    delete events[1]!.payload;
    events[1]!.redacted = { at: new Date(), reason: 'retention' };
    expect(await verifyChain(events)).toMatchObject({ ok: true, checked: 4, redacted: 1 });
  });
});
