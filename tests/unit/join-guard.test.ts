import { describe, expect, it } from 'vitest';
import { JOIN_LOOKUPS_PER_MINUTE, JoinGuard, type FloodReport } from '../../server/calls/join-guard.js';

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
});
