import { describe, expect, it } from 'vitest';
import { solveMatching, type SolverInput } from '../../server/matching/solver.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The objective of one matching, as README defines it. */
function objectiveOf(input: SolverInput, mate: ArrayLike<number>): number {
  let total = 0;
  for (const p of input.pairs) if (mate[p.a] === p.b) total += p.points;
  const groups = new Map<number, number[]>();
  input.classes.forEach((c, i) => groups.set(c.group, [...(groups.get(c.group) ?? []), i]));
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const partners = new Set(members.map((c) => (mate[c]! >= 0 ? input.classes[mate[c]!]!.school : -1)));
    if (!partners.has(-1) && partners.size === 1) total += input.togetherPoints;
  }
  return total;
}

/** Pairs between schools that asked to keep their link. */
function partnerPairsOf(input: SolverInput, mate: ArrayLike<number>): number {
  const partners = new Set((input.partners ?? []).flatMap(([s, t]) => [`${s}-${t}`, `${t}-${s}`]));
  let count = 0;
  for (let v = 0; v < input.classes.length; v++) if (mate[v]! > v && partners.has(`${input.classes[v]!.school}-${input.classes[mate[v]!]!.school}`)) count++;
  return count;
}

/** Every matching that keeps the locked pairs; the best among those with the most partner
 * pairs, then the most classes linked. */
function bruteForce(input: SolverInput): { partnerPairs: number; linked: number; objective: number } {
  const n = input.classes.length;
  const mate = new Array<number>(n).fill(-1);
  for (const [a, b] of input.locked ?? []) [mate[a], mate[b]] = [b, a];
  const allowed = new Set(input.pairs.map((p) => `${Math.min(p.a, p.b)}-${Math.max(p.a, p.b)}`));
  let best = { partnerPairs: -1, linked: -1, objective: -1 };
  const go = (v: number) => {
    while (v < n && mate[v]! >= 0) v++;
    if (v >= n) {
      const found = { partnerPairs: partnerPairsOf(input, mate), linked: mate.filter((m) => m >= 0).length, objective: objectiveOf(input, mate) };
      const better = found.partnerPairs - best.partnerPairs || found.linked - best.linked || found.objective - best.objective;
      if (better > 0) best = found;
      return;
    }
    go(v + 1);
    for (let u = v + 1; u < n; u++) {
      if (mate[u]! >= 0 || !allowed.has(`${v}-${u}`)) continue;
      [mate[v], mate[u]] = [u, v];
      go(v + 1);
      [mate[v], mate[u]] = [-1, -1];
    }
  };
  go(0);
  return best;
}

function randomInstance(random: () => number, withLocks: boolean): SolverInput {
  const n = 2 + Math.floor(random() * 9);
  const schools = 2 + Math.floor(random() * 4);
  const years = 1 + Math.floor(random() * 2);
  const classes = Array.from({ length: n }, () => {
    const school = Math.floor(random() * schools);
    return { school, group: school * 10 + Math.floor(random() * years) };
  });
  const pairs = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (classes[a]!.school === classes[b]!.school || random() < 0.25) continue;
      // Points depend on the two schools, as closeness and contrast do, plus a little noise.
      const schoolPair = ((classes[a]!.school + 1) * (classes[b]!.school + 3)) % 7;
      pairs.push({ a, b, points: schoolPair * 3 + Math.floor(random() * 3) });
    }
  }
  const locked: [number, number][] = [];
  if (withLocks && pairs.length > 0 && random() < 0.7) {
    const p = pairs[Math.floor(random() * pairs.length)]!;
    locked.push([p.a, p.b]);
  }
  // Schools 0 and 1 often asked to keep their link.
  const partners: [number, number][] = random() < 0.5 ? [[0, 1]] : [];
  return { classes, pairs, locked, partners, togetherPoints: Math.floor(random() * 25) };
}

describe('solveMatching', () => {
  it('reaches the brute-force optimum on 400 random instances of up to 10 classes', () => {
    const random = rng(2026);
    for (let t = 0; t < 400; t++) {
      const input = randomInstance(random, t % 2 === 1);
      const expected = bruteForce(input);
      const { mate, objective, optimal, bound } = solveMatching(input);
      expect(optimal).toBe(true);
      expect(bound).toBe(objective);
      expect(partnerPairsOf(input, mate), `instance ${t}: partner pairs`).toBe(expected.partnerPairs);
      expect(mate.filter((m) => m >= 0).length, `instance ${t}: classes linked`).toBe(expected.linked);
      expect(objective, `instance ${t}: objective`).toBe(expected.objective);
      expect(objectiveOf(input, mate)).toBe(objective);
    }
  });

  it('keeps the hard rules: only allowed pairs, each class once, locked pairs kept', () => {
    const random = rng(99);
    for (let t = 0; t < 200; t++) {
      const input = randomInstance(random, true);
      const { mate } = solveMatching(input);
      const allowed = new Set(input.pairs.map((p) => `${Math.min(p.a, p.b)}-${Math.max(p.a, p.b)}`));
      for (const [v, u] of mate.entries()) {
        if (u < 0) continue;
        expect(mate[u]).toBe(v);
        expect(allowed.has(`${Math.min(u, v)}-${Math.max(u, v)}`)).toBe(true);
        expect(input.classes[u]!.school).not.toBe(input.classes[v]!.school);
      }
      for (const [a, b] of input.locked ?? []) expect(mate[a]).toBe(b);
    }
  });

  it('links a school year group to one partner school when that is worth more than the best pairs', () => {
    // School 0 has two Y4 classes (0, 1). School 1's class 2 is the best partner for either,
    // school 2 has two classes (3, 4) that could take both.
    const input: SolverInput = {
      classes: [
        { school: 0, group: 0 },
        { school: 0, group: 0 },
        { school: 1, group: 10 },
        { school: 2, group: 20 },
        { school: 2, group: 20 },
      ],
      pairs: [
        { a: 0, b: 2, points: 10 },
        { a: 1, b: 2, points: 10 },
        { a: 0, b: 3, points: 6 },
        { a: 0, b: 4, points: 6 },
        { a: 1, b: 3, points: 6 },
        { a: 1, b: 4, points: 6 },
      ],
      togetherPoints: 0,
    };
    const apart = solveMatching(input);
    expect(apart.objective).toBe(16);
    expect(apart.together.size).toBe(0);
    const together = solveMatching({ ...input, togetherPoints: 20 });
    // Both of school 0's classes with school 2's: 6 + 6 + 20 + 20 (school 2's pair is together too).
    expect(together.objective).toBe(52);
    expect([...together.together].sort()).toEqual([0, 20]);
  });

  it('says when its budget ran out before it could prove the answer optimal, and how far it may be', () => {
    const random = rng(31);
    let unproved = 0;
    for (let t = 0; t < 100; t++) {
      const input = { ...randomInstance(random, t % 2 === 1), togetherPoints: 40 };
      const full = solveMatching(input);
      const cut = solveMatching({ ...input, maxMatchings: 1 });
      for (const [a, b] of input.locked ?? []) expect(cut.mate[a]).toBe(b);
      // Also after the local search that polishes an unproved answer: its objective is the
      // returned matching's, with as many partner pairs and classes linked.
      expect(objectiveOf(input, cut.mate)).toBe(cut.objective);
      expect([partnerPairsOf(input, cut.mate), cut.mate.filter((x) => x >= 0).length]).toEqual([
        partnerPairsOf(input, full.mate),
        full.mate.filter((x) => x >= 0).length,
      ]);
      expect(cut.objective).toBeLessThanOrEqual(full.objective);
      expect(cut.bound).toBeGreaterThanOrEqual(full.objective);
      if (!cut.optimal) unproved++;
      else expect(cut.objective).toBe(full.objective);
    }
    expect(unproved).toBeGreaterThan(0);
  });

  it('gives the same answer for the same input', () => {
    const random = rng(5);
    const input = randomInstance(random, true);
    expect([...solveMatching(input).mate]).toEqual([...solveMatching(input).mate]);
  });
});
