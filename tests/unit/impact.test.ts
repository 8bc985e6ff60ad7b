import { describe, expect, it } from 'vitest';
import { impactOf, impactRows } from '../../server/programme/impact.js';

const t = (min: number) => new Date(Date.UTC(2026, 2, 3, 9, min));

describe('programme impact', () => {
  const impact = impactOf({
    schools: 3,
    classes: [
      { id: 'a', pupilCount: 28 },
      { id: 'b', pupilCount: 30 },
      { id: 'c', pupilCount: 25 },
      { id: 'd', pupilCount: 20 },
    ],
    links: [
      { id: 'L1', name: '4A ↔ 4B', status: 'confirmed', classIds: ['a', 'b'], phase: 2, done: 5 },
      { id: 'L2', name: '4C ↔ 4D', status: 'proposed', classIds: ['c', 'd'], phase: 1, done: 0 },
    ],
    calls: [{ liveAt: t(0), endedAt: t(45) }, { liveAt: t(60), endedAt: t(90) }, { liveAt: null }, { liveAt: t(100) }],
    exchangeItems: 7,
    milestonesInPlan: 8,
  });

  it('counts children only in linked classes, and minutes only of calls that went live and ended', () => {
    expect(impact).toMatchObject({
      schools: 3,
      classes: 4,
      children: 58,
      links: { proposed: 1, confirmed: 1, ended: 0 },
      calls: { held: 3, minutes: 75 },
      exchangeItems: 7,
    });
    expect(impact.linkProgress).toEqual([{ linkId: 'L1', name: '4A ↔ 4B', phase: 2, done: 5, total: 8 }]);
  });

  it('gives the same figures as spreadsheet rows', () => {
    const rows = impactRows(impact);
    expect(rows).toContainEqual(['children in linked classes', 58]);
    expect(rows.at(-1)).toEqual(['4A ↔ 4B', 2, 5, 8]);
  });
});
