import { describe, expect, it } from 'vitest';
import type { EoiView } from '../../shared/schemas/eoi.js';
import { DEFAULT_MATCHING_WEIGHTS, type MatchingWeights } from '../../shared/schemas/matching.js';
import { YEAR_GROUPS } from '../../shared/year-groups.js';
import { classesOf, matchProgramme, TOGETHER_POINTS_PER_WEIGHT } from '../../server/matching/programme-matching.js';
import { pairPoints } from '../../server/matching/pair-points.js';
import { yearFit } from '../../server/matching/year-compatibility.js';
import { generateEois } from '../../scripts/bench/matching/generate.js';

const noChange = { weights: {}, locked: [], removed: [] };

/** Small random programmes: up to `maxClasses` classes over a few year groups. */
function smallProgramme(seed: number, maxClasses: number): EoiView[] {
  let s = seed;
  const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const eois = generateEois(maxClasses, seed);
  // Squeeze the year groups together so that many pairs fit, and vary the answers.
  for (const e of eois) {
    e.classes = e.classes
      .map((c) => ({ ...c, yearGroup: YEAR_GROUPS[3 + Math.floor(random() * 2)]! }))
      .filter((c, i, all) => all.findIndex((d) => d.yearGroup === c.yearGroup) === i);
    if (!e.exactYearNotEssential) e.alternativeYearGroups = e.alternativeYearGroups.filter((y) => !e.classes.some((c) => c.yearGroup === y));
  }
  return eois;
}

const answers = (e: EoiView, yearGroup: string) => ({
  yearGroup: yearGroup as never,
  exactYearNotEssential: e.exactYearNotEssential,
  alternativeYearGroups: e.alternativeYearGroups,
});
const facts = (e: EoiView) => ({ name: e.schoolName, closenessMatters: e.closenessMatters, location: e.location, profile: e.profile, priority: e.priority });

/** The README's objective for one set of pairs, computed from the forms alone. */
function objectiveOf(eois: EoiView[], pairs: [string, string][], weights: MatchingWeights) {
  const byId = new Map(eois.map((e) => [e.id, e]));
  const parts = (id: string) => ({ eoi: byId.get(id.split(':')[0]!)!, yearGroup: id.split(':')[1]! });
  let points = 0;
  const partnerSchools = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    const [x, y] = [parts(a), parts(b)];
    points += pairPoints(facts(x.eoi), facts(y.eoi), yearFit(answers(x.eoi, x.yearGroup), answers(y.eoi, y.yearGroup))!, weights).points;
    for (const [me, other] of [
      [x, y],
      [y, x],
    ] as const) {
      const key = `${me.eoi.id}:${me.yearGroup}`;
      partnerSchools.set(key, new Set([...(partnerSchools.get(key) ?? []), other.eoi.id]));
    }
  }
  for (const e of eois) {
    for (const c of e.classes) {
      const linked = pairs.flat().filter((id) => id.startsWith(`${e.id}:${c.yearGroup}:`)).length;
      if (c.count >= 2 && linked === c.count && partnerSchools.get(`${e.id}:${c.yearGroup}`)!.size === 1)
        points += weights.together * TOGETHER_POINTS_PER_WEIGHT;
    }
  }
  return points;
}

/** Every matching of the forms: the best among those with the most pairs between schools
 * that named each other as partners, then the most classes linked, then the most points. */
function bruteForce(eois: EoiView[], weights: MatchingWeights) {
  const ids = classesOf(eois).classes.map((c) => c.classId);
  const byId = new Map(eois.map((e) => [e.id, e]));
  const fits = (a: string, b: string) => {
    const [ea, eb] = [byId.get(a.split(':')[0]!)!, byId.get(b.split(':')[0]!)!];
    return ea !== eb && !!yearFit(answers(ea, a.split(':')[1]!), answers(eb, b.split(':')[1]!));
  };
  const partners = (a: string, b: string) => {
    const [ea, eb] = [byId.get(a.split(':')[0]!)!, byId.get(b.split(':')[0]!)!];
    return ea.keepPartnerSchoolName === eb.schoolName && eb.keepPartnerSchoolName === ea.schoolName;
  };
  let best = { partnerPairs: -1, linked: -1, points: -1 };
  const chosen: [string, string][] = [];
  const used = new Set<string>();
  const go = (i: number) => {
    while (i < ids.length && used.has(ids[i]!)) i++;
    if (i >= ids.length) {
      const found = { partnerPairs: chosen.filter(([a, b]) => partners(a, b)).length, linked: chosen.length * 2, points: objectiveOf(eois, chosen, weights) };
      if ((found.partnerPairs - best.partnerPairs || found.linked - best.linked || found.points - best.points) > 0) best = found;
      return;
    }
    go(i + 1);
    used.add(ids[i]!);
    for (let j = i + 1; j < ids.length; j++) {
      if (used.has(ids[j]!) || !fits(ids[i]!, ids[j]!)) continue;
      used.add(ids[j]!);
      chosen.push([ids[i]!, ids[j]!]);
      go(i + 1);
      chosen.pop();
      used.delete(ids[j]!);
    }
    used.delete(ids[i]!);
  };
  go(0);
  return best;
}

describe('matching a programme from its forms', () => {
  it('reaches the brute-force optimum of the README objective on 60 random programmes of up to 10 classes', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const eois = smallProgramme(seed, 10);
      const weights = { ...DEFAULT_MATCHING_WEIGHTS, together: seed % 3 === 0 ? 0 : 6 };
      const result = matchProgramme(eois, noChange, weights);
      const best = bruteForce(eois, weights);
      expect(result.objective.optimal).toBe(true);
      const partnerPairs = result.proposals.filter((p) => p.reasons[0]?.startsWith('existing partners')).length;
      expect(partnerPairs, `seed ${seed}: partner pairs`).toBe(best.partnerPairs);
      expect(result.objective.linked, `seed ${seed}`).toBe(best.linked);
      expect(
        objectiveOf(
          eois,
          result.proposals.map((p) => p.classIds),
          weights,
        ),
        `seed ${seed}`,
      ).toBe(best.points);
      expect(result.objective.points).toBeCloseTo(best.points, 5);
    }
  }, 60_000);

  it('never breaks a hard rule on random programmes, and explains every proposal and every class left out', () => {
    for (let seed = 100; seed < 112; seed++) {
      const eois = generateEois(20 + (seed % 5) * 5, seed);
      const byId = new Map(eois.map((e) => [e.id, e]));
      const first = matchProgramme(eois, noChange, DEFAULT_MATCHING_WEIGHTS);
      const locked = first.proposals.slice(0, 2).map((p) => p.classIds);
      const removed = first.proposals.slice(2, 4).map((p) => p.classIds);
      const result = matchProgramme(eois, { weights: {}, locked, removed }, DEFAULT_MATCHING_WEIGHTS);
      const seen = new Set<string>();
      const groupOf = (id: string) => id.split(':').slice(0, 2).join(':');
      const removedGroups = new Set(removed.map(([a, b]) => [groupOf(a), groupOf(b)].sort().join('|')));
      for (const p of result.proposals) {
        const [a, b] = p.classIds;
        const [ea, eb] = [byId.get(a.split(':')[0]!)!, byId.get(b.split(':')[0]!)!];
        expect(ea.id).not.toBe(eb.id);
        expect(yearFit(answers(ea, a.split(':')[1]!), answers(eb, b.split(':')[1]!))).not.toBeNull();
        for (const c of p.classIds) {
          expect(seen.has(c)).toBe(false);
          seen.add(c);
        }
        expect(p.reasons.length).toBeGreaterThan(0);
        if (!p.locked) expect(removedGroups.has([groupOf(a), groupOf(b)].sort().join('|'))).toBe(false);
      }
      for (const pair of locked) expect(result.proposals.some((p) => p.locked && p.classIds.join() === pair.join())).toBe(true);
      // Existing partners who named each other are linked wherever their year groups fit.
      for (const e of eois.filter((x) => x.keepPartnerSchoolName)) {
        const other = eois.find((x) => x.schoolName === e.keepPartnerSchoolName)!;
        const canFit = e.classes.some((c) => other.classes.some((d) => yearFit(answers(e, c.yearGroup), answers(other, d.yearGroup))));
        const linked = result.proposals.some((p) => p.classIds.some((c) => c.startsWith(e.id)) && p.classIds.some((c) => c.startsWith(other.id)));
        if (other.keepPartnerSchoolName === e.schoolName) expect(linked).toBe(canFit);
      }
      expect(result.unmatched.every((u) => u.reasons.length > 0 && !seen.has(u.classId))).toBe(true);
      expect(seen.size + result.unmatched.length).toBe(result.objective.classes);
    }
  }, 60_000);

  it("chooses which of existing partners' classes link so that the whole programme does best", () => {
    // A and B keep their link: one pair. A's Y4 with B's Y4 is the better pair on its own,
    // but then B's Y5 has nobody (C needs an exact Y4): A–B must be Y4 with Y5.
    const [a, b, c] = generateEois(3, 5);
    const base = { exactYearNotEssential: true, alternativeYearGroups: [], closenessMatters: false, priority: false, profile: {} };
    const eois = [
      { ...a!, ...base, schoolName: 'A', keepPartnerSchoolName: 'B', classes: [{ yearGroup: 'Y4' as const, count: 1 }] },
      {
        ...b!,
        ...base,
        schoolName: 'B',
        keepPartnerSchoolName: 'A',
        classes: [
          { yearGroup: 'Y4' as const, count: 1 },
          { yearGroup: 'Y5' as const, count: 1 },
        ],
      },
      { ...c!, ...base, schoolName: 'C', keepPartnerSchoolName: undefined, exactYearNotEssential: false, classes: [{ yearGroup: 'Y4' as const, count: 1 }] },
    ];
    const result = matchProgramme(eois, noChange, DEFAULT_MATCHING_WEIGHTS);
    expect(result.objective.linked).toBe(4);
    const kept = result.proposals.find((p) => p.reasons[0]?.startsWith('existing partners'));
    expect(kept?.classIds.map((id) => id.split(':')[1]).sort()).toEqual(['Y4', 'Y5']);
  });

  it('gives the same proposals for the same forms in any order', () => {
    const eois = generateEois(60, 7);
    const a = matchProgramme(eois, noChange, DEFAULT_MATCHING_WEIGHTS);
    const b = matchProgramme([...eois].reverse(), noChange, DEFAULT_MATCHING_WEIGHTS);
    expect(b.proposals).toEqual(a.proposals);
    expect(b.unmatched).toEqual(a.unmatched);
  });
});
