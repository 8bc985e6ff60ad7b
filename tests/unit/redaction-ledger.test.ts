import { describe, expect, it } from 'vitest';
import { verifyChain, type StoredLogEvent } from '../../server/safeguarding/hash-chain.js';
import { RedactionLedger } from '../../server/safeguarding/redaction-ledger.js';
import { chainOf } from '../support/log-events.js';

const at = new Date('2027-09-01T00:00:00Z');
/** Removes a payload as retention does, with a marker naming the run at `bySeq`. */
const redact = (e: StoredLogEvent, bySeq?: number): StoredLogEvent => {
  const { payload: _removed, ...rest } = e;
  return { ...rest, redacted: { at, reason: 'retention: call-logs', ...(bySeq === undefined ? {} : { bySeq }) } };
};
const world = (run: { type?: string; programmeId?: string; due?: string[] } = {}) =>
  chainOf([
    { type: 'call.chat-message', payload: { text: 'hello' } },
    { type: 'call.chat-message', payload: { text: 'bye' } },
    { type: 'exchange.uploaded', payload: { itemId: 'i1' } },
    { type: run.type ?? 'retention.run', payload: { due: run.due ?? ['call-logs'] }, scope: { programmeId: run.programmeId ?? 'p1' } },
  ]);
const walk = (events: StoredLogEvent[]) => verifyChain(events, { checks: [new RedactionLedger()] });

describe('RedactionLedger', () => {
  it('accepts payloads removed by a later retention run of their programme that was due for them', async () => {
    const events = world();
    events[0] = redact(events[0]!, 4);
    events[1] = redact(events[1]!, 4);
    expect(await walk(events)).toMatchObject({ ok: true, redacted: 2 });
  });

  it('names a redaction whose marker names no run', async () => {
    const events = world();
    events[1] = redact(events[1]!);
    expect((await walk(events)).firstBreak).toEqual({ seq: 2, reason: 'unexplained-redaction' });
  });

  it('names a redaction whose marker names an event that is not a retention run', async () => {
    const events = world({ type: 'call.ended' });
    events[0] = redact(events[0]!, 4);
    expect((await walk(events)).firstBreak).toEqual({ seq: 1, reason: 'unexplained-redaction' });
  });

  it("names a redaction the run was not due for, or of another programme's events", async () => {
    const notDue = world({ due: ['concerns'] });
    notDue[0] = redact(notDue[0]!, 4);
    expect((await walk(notDue)).firstBreak).toEqual({ seq: 1, reason: 'unexplained-redaction' });
    const otherProgramme = world({ programmeId: 'p2' });
    otherProgramme[1] = redact(otherProgramme[1]!, 4);
    expect((await walk(otherProgramme)).firstBreak).toEqual({ seq: 2, reason: 'unexplained-redaction' });
    const exchange = world();
    exchange[2] = redact(exchange[2]!, 4);
    expect((await walk(exchange)).firstBreak).toEqual({ seq: 3, reason: 'unexplained-redaction' });
  });

  it('names a redaction whose run is earlier than the event, or never comes', async () => {
    const earlier = world();
    earlier[2] = redact(earlier[2]!, 1);
    expect((await walk(earlier)).firstBreak).toEqual({ seq: 3, reason: 'unexplained-redaction' });
    const never = world();
    never[0] = redact(never[0]!, 99);
    expect((await walk(never)).firstBreak).toEqual({ seq: 1, reason: 'unexplained-redaction' });
  });

  it("accepts an erasure's redactions of the erased person's own account events, and nothing else", async () => {
    const teacher = { kind: 'user' as const, id: 'u-leaving', label: 'Leaving' };
    const other = { kind: 'user' as const, id: 'u-staying', label: 'Staying' };
    const make = () =>
      chainOf([
        { type: 'auth.login.succeeded', actor: teacher, payload: { email: 'leaving@example.test' } },
        { type: 'auth.login.succeeded', actor: other, payload: { email: 'staying@example.test' } },
        { type: 'call.chat-message', actor: teacher, payload: { text: 'hi' } },
        { type: 'user.erased', payload: { userId: 'u-leaving', reason: 'left' } },
      ]);
    const ok = make();
    ok[0] = redact(ok[0]!, 4);
    expect(await walk(ok)).toMatchObject({ ok: true, redacted: 1 });
    const someoneElse = make();
    someoneElse[1] = redact(someoneElse[1]!, 4);
    expect((await walk(someoneElse)).firstBreak).toEqual({ seq: 2, reason: 'unexplained-redaction' });
    const callRecord = make();
    callRecord[2] = redact(callRecord[2]!, 4);
    expect((await walk(callRecord)).firstBreak).toEqual({ seq: 3, reason: 'unexplained-redaction' });
  });
});
