// The year-group hard rule of matching (issue 8), from both schools' answers on the form:
// classes link in the same year group, unless both schools said an exact match is not
// essential (question 2), when a year either side also fits; a school that needs an exact
// match may offer alternative year groups of its own instead (question 3). Pure.
import { YEAR_GROUPS, type YearGroup } from '../../shared/year-groups.js';

export interface YearAnswers {
  /** The year group the class is put forward in. */
  yearGroup: YearGroup;
  /** (2) "An exact year group match is not essential for us." */
  exactYearNotEssential: boolean;
  /** (3) Year groups of ours we would link instead (only when (2) is no). */
  alternativeYearGroups: readonly YearGroup[];
}

export interface YearFit {
  /** The years the two classes link in (an alternative may replace the one put forward). */
  years: [YearGroup, YearGroup];
  /** Why they fit, in words a coordinator reads. */
  reason: string;
  /** Both link in the year group they put forward, the same one. */
  exact: boolean;
}

const index = (y: YearGroup) => YEAR_GROUPS.indexOf(y);

/** The best way two classes' year groups fit, or null when the answers rule it out. */
export function yearFit(a: YearAnswers, b: YearAnswers): YearFit | null {
  const tolerance = a.exactYearNotEssential && b.exactYearNotEssential ? 1 : 0;
  const options = (x: YearAnswers) => [x.yearGroup, ...(x.exactYearNotEssential ? [] : x.alternativeYearGroups.filter((y) => y !== x.yearGroup))];
  let best: { fit: YearFit; cost: number } | null = null;
  for (const [ia, ya] of options(a).entries()) {
    for (const [ib, yb] of options(b).entries()) {
      const gap = Math.abs(index(ya) - index(yb));
      if (gap > tolerance) continue;
      // Prefer the years put forward, then an exact match, then the younger years (a
      // tie-break that reads the same whichever class is first).
      const cost = ((ia > 0 ? 2 : 0) + (ib > 0 ? 2 : 0) + gap) * 100 + Math.min(index(ya), index(yb)) * 10 + Math.max(index(ya), index(yb));
      if (best && best.cost <= cost) continue;
      const offered = [ia > 0 ? `${ya} offered instead of ${a.yearGroup}` : null, ib > 0 ? `${yb} offered instead of ${b.yearGroup}` : null].filter(Boolean);
      const match = gap === 0 ? `both ${ya}` : `${ya} with ${yb} (neither school needs an exact year match)`;
      best = { fit: { years: [ya, yb], reason: [match, ...offered].join('; '), exact: gap === 0 && ia === 0 && ib === 0 }, cost };
    }
  }
  return best?.fit ?? null;
}
