import { describe, expect, it } from 'vitest';
import { academicYearOf, programmeYearEnd, retentionDue, retentionUntil } from '../../server/safeguarding/retention-rules.js';

const policy = { callLogMonths: 12, exchangeDays: 30, concernYears: 25 };

describe('retention rules (UK time)', () => {
  it('ends a programme year at the close of 31 August, UK time (BST)', () => {
    expect(programmeYearEnd('2025-26').toISOString()).toBe('2026-08-31T22:59:59.999Z');
    expect(() => programmeYearEnd('2025')).toThrow(RangeError);
  });

  it('keeps each kind of record for its own time after the year ends, to the close of a UK day', () => {
    const until = retentionUntil('2025-26', policy);
    expect(until['call-logs'].toISOString()).toBe('2027-08-31T22:59:59.999Z');
    expect(until.exchange.toISOString()).toBe('2026-09-30T22:59:59.999Z');
    expect(until.concerns.toISOString()).toBe('2051-08-31T22:59:59.999Z');
    // A boundary in winter is at midnight GMT.
    expect(retentionUntil('2025-26', { ...policy, callLogMonths: 6 })['call-logs'].toISOString()).toBe('2027-02-28T23:59:59.999Z');
    expect(retentionUntil('2025-26', { ...policy, exchangeDays: 92 }).exchange.toISOString()).toBe('2026-12-01T23:59:59.999Z');
  });

  it('says what is due on a given day, in order, by the UK clock', () => {
    expect(retentionDue('2025-26', policy, new Date('2026-08-31T12:00:00Z'))).toEqual([]);
    // 23:30 UTC on 31 August is 00:30 BST on 1 September: the year has ended, nothing is due yet.
    expect(retentionDue('2025-26', { ...policy, exchangeDays: 0 }, new Date('2026-08-31T23:30:00Z'))).toEqual(['exchange']);
    expect(retentionDue('2025-26', policy, new Date('2026-09-30T22:30:00Z'))).toEqual([]);
    expect(retentionDue('2025-26', policy, new Date('2026-09-30T23:00:00Z'))).toEqual(['exchange']);
    expect(retentionDue('2025-26', policy, new Date('2027-09-01T00:00:00Z'))).toEqual(['call-logs', 'exchange']);
    expect(retentionDue('2025-26', policy, new Date('2051-09-01T00:00:00Z'))).toEqual(['call-logs', 'exchange', 'concerns']);
  });

  it('names the school year a moment is in, by the UK calendar', () => {
    expect(academicYearOf(new Date('2026-08-31T22:59:00Z'))).toBe('2025-26');
    expect(academicYearOf(new Date('2026-08-31T23:00:00Z'))).toBe('2026-27'); // midnight BST
    expect(academicYearOf(new Date('2026-09-01T00:00:00Z'))).toBe('2026-27');
    expect(academicYearOf(new Date('2099-12-01T00:00:00Z'))).toBe('2099-00');
  });
});
