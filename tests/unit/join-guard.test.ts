import { describe, expect, it } from 'vitest';
import { GUESSING_NOTICE_MS, JOIN_LOOKUPS_PER_MINUTE, JoinGuard, type FloodReport } from '../../server/calls/join-guard.js';

describe('JoinGuard', () => {
  it('gives a burst of 300 no more than the limit, and reports the refusals as one count', async () => {
    const reports: FloodReport[] = [];
    const guard = new JoinGuard(async (r) => void reports.push(r));
    const taken = await Promise.all(Array.from({ length: 300 }, () => guard.take('198.51.100.7')));
    expect(taken.filter(Boolean)).toHaveLength(JOIN_LOOKUPS_PER_MINUTE);
    expect(reports).toEqual([]); // counted, not logged one by one
    await guard.close();
    expect(reports).toEqual([expect.objectContaining({ address: '198.51.100.7', refused: 300 - JOIN_LOOKUPS_PER_MINUTE })]);
  });

  it('keeps addresses apart, and gives back the look-up of a code that opened a call', async () => {
    const guard = new JoinGuard(async () => undefined);
    for (let i = 0; i < JOIN_LOOKUPS_PER_MINUTE; i++) {
      expect(await guard.take('192.0.2.1')).toBe(true);
      await guard.giveBack('192.0.2.1');
    }
    expect(await guard.take('192.0.2.1')).toBe(true);
    for (let i = 0; i < JOIN_LOOKUPS_PER_MINUTE; i++) await guard.take('192.0.2.2');
    expect(await guard.take('192.0.2.2')).toBe(false);
    expect(await guard.take('192.0.2.3')).toBe(true);
    await guard.close();
  });

  it('tells teachers someone is guessing while addresses are refused, and for ten minutes after', async () => {
    let now = new Date('2026-12-07T10:00:00Z');
    let notices = 0;
    const guard = new JoinGuard(
      async () => undefined,
      () => notices++,
      () => now,
    );
    for (let i = 0; i < JOIN_LOOKUPS_PER_MINUTE; i++) await guard.take('192.0.2.9');
    expect(guard.noticeOf()).toBeNull(); // wrong codes within the limit are typing, not guessing
    for (let i = 0; i < 5; i++) await guard.take('192.0.2.9');
    for (let i = 0; i < JOIN_LOOKUPS_PER_MINUTE + 2; i++) await guard.take('198.51.100.4');
    expect(notices).toBe(2); // at once for each new address; later refusals only refresh it, at most every NOTICE_REFRESH_MS
    expect(guard.noticeOf()).toEqual({ refused: 7, addresses: 2, since: new Date('2026-12-07T10:00:00Z') });
    await guard.close(); // the floods are reported and remembered
    now = new Date(now.getTime() + GUESSING_NOTICE_MS - 1000);
    expect(guard.noticeOf()).toMatchObject({ refused: 7, addresses: 2 });
    now = new Date(now.getTime() + 2000);
    expect(guard.noticeOf()).toBeNull();
  });
});
