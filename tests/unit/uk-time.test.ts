import { describe, expect, it } from 'vitest';
import { nextUkTime, ukTime } from '../../shared/uk-time.js';

describe('UK time', () => {
  it('shows a moment as UK time with its zone named', () => {
    expect(ukTime(new Date('2026-01-15T09:30:00Z'))).toBe('2026-01-15 09:30:00 GMT');
    expect(ukTime(new Date('2026-07-01T12:00:00Z'))).toBe('2026-07-01 13:00:00 BST');
    // The clocks go forward at 01:00 GMT on the last Sunday of March (29 March 2026).
    expect(ukTime(new Date('2026-03-29T00:59:59Z'))).toBe('2026-03-29 00:59:59 GMT');
    expect(ukTime(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29 02:00:00 BST');
  });

  it('finds the next moment the UK clock reads a time, in summer and in winter', () => {
    expect(nextUkTime(new Date('2026-07-01T00:00:00Z'), 2, 30).toISOString()).toBe('2026-07-01T01:30:00.000Z');
    expect(nextUkTime(new Date('2026-07-01T02:00:00Z'), 2, 30).toISOString()).toBe('2026-07-02T01:30:00.000Z');
    expect(nextUkTime(new Date('2026-12-01T00:00:00Z'), 2, 30).toISOString()).toBe('2026-12-01T02:30:00.000Z');
  });
});
