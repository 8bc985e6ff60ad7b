import { describe, expect, it } from 'vitest';
import { yearFit, type YearAnswers } from '../../server/matching/year-compatibility.js';
import { YEAR_GROUPS } from '../../shared/year-groups.js';

const exact = (yearGroup: YearAnswers['yearGroup'], alternativeYearGroups: YearAnswers['yearGroup'][] = []): YearAnswers => ({
  yearGroup,
  exactYearNotEssential: false,
  alternativeYearGroups,
});
const flexible = (yearGroup: YearAnswers['yearGroup']): YearAnswers => ({ yearGroup, exactYearNotEssential: true, alternativeYearGroups: [] });

describe('year-group fit between two classes', () => {
  it('links the same year group, and says so', () => {
    expect(yearFit(exact('Y4'), exact('Y4'))).toEqual({ years: ['Y4', 'Y4'], reason: 'both Y4', exact: true });
    expect(yearFit(exact('Y4'), exact('Y5'))).toBeNull();
  });

  it('allows a year either side only when both schools said an exact match is not essential', () => {
    expect(yearFit(flexible('Y4'), flexible('Y5'))).toEqual({
      years: ['Y4', 'Y5'],
      reason: 'Y4 with Y5 (neither school needs an exact year match)',
      exact: false,
    });
    expect(yearFit(flexible('Y4'), exact('Y5'))).toBeNull();
    expect(yearFit(flexible('Y3'), flexible('Y5'))).toBeNull();
  });

  it('lets a school that needs an exact match offer an alternative year group instead', () => {
    expect(yearFit(exact('Y4', ['Y5']), exact('Y5'))).toEqual({ years: ['Y5', 'Y5'], reason: 'both Y5; Y5 offered instead of Y4', exact: false });
    // The year put forward wins over an alternative when both fit.
    expect(yearFit(exact('Y4', ['Y5']), exact('Y4', ['Y5']))?.years).toEqual(['Y4', 'Y4']);
  });

  it('is symmetric: the same fit whichever class comes first', () => {
    const answers = YEAR_GROUPS.flatMap((y) => [exact(y), flexible(y), exact(y, YEAR_GROUPS.filter((z) => z !== y).slice(0, 2))]);
    for (const a of answers) {
      for (const b of answers) {
        const ab = yearFit(a, b);
        const ba = yearFit(b, a);
        expect(ab === null, `${JSON.stringify(a)} / ${JSON.stringify(b)}`).toBe(ba === null);
        if (ab && ba) expect([...ab.years].reverse()).toEqual(ba.years);
      }
    }
  });
});
