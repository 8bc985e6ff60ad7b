import { describe, expect, it } from 'vitest';
import { academicYearOf, programmeYearEnd, retentionDue, retentionUntil } from '../../server/safeguarding/retention-rules.js';

const policy = { callLogMonths: 12, exchangeDays: 30, concernYears: 25 };

describe('retention rules', () => {
  it('ends a programme year at the close of 31 August', () => {
    expect(programmeYearEnd('2025-26').toISOString()).toBe('2026-08-31T23:59:59.999Z');
    expect(() => programmeYearEnd('2025')).toThrow(RangeError);
  });

  it('keeps each kind of record for its own time after the year ends', () => {
    const until = retentionUntil('2025-26', policy);
    expect(until['call-logs'].toISOString()).toBe('2027-08-31T23:59:59.999Z');
    expect(until.exchange.toISOString()).toBe('2026-09-30T23:59:59.999Z');
    expect(until.concerns.toISOString()).toBe('2051-08-31T23:59:59.999Z');
  });

  it('says what is due on a given day, in order', () => {
    expect(retentionDue('2025-26', policy, new Date('2026-08-31T12:00:00Z'))).toEqual([]);
    expect(retentionDue('2025-26', policy, new Date('2026-10-01T00:00:00Z'))).toEqual(['exchange']);
    expect(retentionDue('2025-26', policy, new Date('2027-09-01T00:00:00Z'))).toEqual(['call-logs', 'exchange']);
    expect(retentionDue('2025-26', policy, new Date('2051-09-01T00:00:00Z'))).toEqual(['call-logs', 'exchange', 'concerns']);
  });

  it('names the school year a day is in', () => {
    expect(academicYearOf(new Date('2026-08-31T23:00:00Z'))).toBe('2025-26');
    expect(academicYearOf(new Date('2026-09-01T00:00:00Z'))).toBe('2026-27');
    expect(academicYearOf(new Date('2099-12-01T00:00:00Z'))).toBe('2099-00');
  });
});
