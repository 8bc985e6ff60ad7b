// The exact matching of a programme's classes, for the objective in README ("Matching"):
//   1. link as many classes as possible;
//   2. then maximise the points of the pairs (closeness, contrast, year fit, priority: each
//      pair's own, see pair-points.ts) plus TOGETHER points for each school year group of
//      two or more classes whose classes are all linked to one partner school.
//
// Step 2's "together" term is not a sum over pairs, so no single matching can carry it. It
// is solved exactly by best-first branch and bound over maximum-weight matchings:
// - The bound spreads each year group's together points over its classes: a class earns
//   its share when linked to any school that could take the whole group. That can only
//   over-count, so the matching that maximises it bounds every matching below it.
// - A matching where a year group earns shares without being together is split in two
//   around the school T that has most of its classes: the group goes wholly to T; or it
//   earns no shares with T.
// - The first node whose bound is met by its own matching is optimal.
// Each node's matching is exact (max-weight-matching.ts), so the whole answer is exact.
import { incidenceOf } from './incidence.js';
import { maxWeightMatching, type EdgeList } from './max-weight-matching.js';
import { regroup } from './regroup.js';
import { wholeWith } from './whole-with.js';
import type { SolverClass } from './solver-class.js';

export type { SolverClass } from './solver-class.js';

export interface SolverPair {
  a: number;
  b: number;
  /** A non-negative integer. */
  points: number;
}

export interface SolverInput {
  classes: readonly SolverClass[];
  /** The pairs the hard rules allow. */
  pairs: readonly SolverPair[];
  /** Pairs the coordinator locked: kept as they are, and counted. */
  locked?: readonly (readonly [number, number])[];
  /** Pairs of schools that asked to keep their link: as many pairs between them as can be
   * are made, before anything else counts. */
  partners?: readonly (readonly [number, number])[];
  togetherPoints: number;
  /** Matchings the search may compute; default: SEARCH_WORK / classes³ (see below). */
  maxMatchings?: number;
}

export interface SolverOutput {
  /** mate[c] is c's partner, or -1. */
  mate: Int32Array;
  /** Pair points plus together points of the result. */
  objective: number;
  /** Year groups (by group index) whose classes are all linked to one school. */
  together: Set<number>;
  /** True when the search proved the answer optimal; false when its budget ran out first. */
  optimal: boolean;
  /** The best any matching could still reach (equals objective when optimal). */
  bound: number;
  stats: { nodes: number; matchings: number };
}

// The together term makes the problem NP-hard in general (it contains bin packing), so
// the search has a budget of matchings fixed by the input's size, so that the same input
// always gets the same answer: SEARCH_WORK / classes³ (at least 2), about a second of
// search here at 200 classes and fewer; 1,000 classes get the root matching and one
// incumbent. Programmes of up to about 100 classes are usually proved optimal inside it;
// beyond, the answer says how far from the bound it may be.
/** Moves the local search may try, per year group that could be together. */
const REGROUP_SOLVES_PER_GROUP = 4;

export const SEARCH_WORK = 1.1e9;

interface GroupFacts {
  members: number[];
  /** Schools that could take all the group's classes (enough compatible classes). */
  hosts: Set<number>;
}

interface Node {
  /** For each group, host schools it may no longer earn shares with. */
  excluded: ReadonlyMap<number, ReadonlySet<number>>;
  /** Groups required to go wholly to one school. */
  restricted: ReadonlyMap<number, number>;
}

interface Evaluated {
  node: Node;
  bound: number;
  trueValue: number;
  mate: Int32Array;
  together: Set<number>;
  /** Groups earning shares without being together, most shares first: where to branch. */
  split: number[];
  /** The sparse graph its matching was certified on (1 per free pair in it): where its
   * children's solves start. */
  graph: Uint8Array;
}

const lcm = (a: number, b: number) => {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a / gcd(a, b)) * b;
};

/** Classes that can reach each other through allowed or locked pairs, or that share a year
 * group (its "together" term spans all its classes), each list ascending. */
function componentsOf(input: SolverInput): number[][] {
  const parent = input.classes.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (const { a, b } of input.pairs) parent[find(a)] = find(b);
  for (const [a, b] of input.locked ?? []) parent[find(a)] = find(b);
  const firstOfGroup = new Map<number, number>();
  for (const [c, cls] of input.classes.entries()) {
    const first = firstOfGroup.get(cls.group);
    if (first === undefined) firstOfGroup.set(cls.group, c);
    else parent[find(c)] = find(first);
  }
  const byRoot = new Map<number, number[]>();
  for (let c = 0; c < input.classes.length; c++) (byRoot.get(find(c)) ?? byRoot.set(find(c), []).get(find(c))!).push(c);
  return [...byRoot.values()].filter((members) => members.length > 1);
}

/**
 * A school can host a group of two or more classes if it has as many classes that may pair
 * with the group's (through allowed or locked pairs). Counted with a stamp per class over
 * each group's neighbours, as pairs run into hundreds of thousands.
 */
function findHosts(input: SolverInput, groups: Map<number, GroupFacts>): void {
  const { classes, pairs } = input;
  const n = classes.length;
  const lockedPairs = (input.locked ?? []).map(([a, b]) => ({ a, b }));
  const ends = [...pairs, ...lockedPairs];
  const a = Int32Array.from(ends, (p) => p.a);
  const b = Int32Array.from(ends, (p) => p.b);
  const { offset, edges } = incidenceOf(n, a, b);
  const stamp = new Int32Array(n).fill(-1);
  const perSchool = new Map<number, number>();
  for (const [gi, g] of groups) {
    if (g.members.length < 2) continue;
    perSchool.clear();
    for (const x of g.members) {
      for (let i = offset[x]!; i < offset[x + 1]!; i++) {
        const y = a[edges[i]!] === x ? b[edges[i]!]! : a[edges[i]!]!;
        if (stamp[y] === gi) continue;
        stamp[y] = gi;
        perSchool.set(classes[y]!.school, (perSchool.get(classes[y]!.school) ?? 0) + 1);
      }
    }
    for (const [school, count] of perSchool) if (count >= g.members.length) g.hosts.add(school);
  }
}

/**
 * The objective adds up over parts of the programme that no pair joins (year groups where
 * every school needs an exact match, say), so each part is solved on its own, with a
 * search budget of its own.
 */
export function solveMatching(input: SolverInput): SolverOutput {
  const parts = componentsOf(input);
  if (parts.length === 1 && parts[0]!.length === input.classes.length) return solveConnected(input);
  const mate = new Int32Array(input.classes.length).fill(-1);
  const out: SolverOutput = { mate, objective: 0, together: new Set(), optimal: true, bound: 0, stats: { nodes: 0, matchings: 0 } };
  for (const members of parts) {
    const local = new Map(members.map((c, i) => [c, i]));
    const part = solveConnected({
      classes: members.map((c) => input.classes[c]!),
      pairs: input.pairs.filter((p) => local.has(p.a)).map((p) => ({ a: local.get(p.a)!, b: local.get(p.b)!, points: p.points })),
      locked: (input.locked ?? []).filter(([a]) => local.has(a)).map(([a, b]) => [local.get(a)!, local.get(b)!] as const),
      ...(input.partners ? { partners: input.partners } : {}),
      togetherPoints: input.togetherPoints,
      ...(input.maxMatchings !== undefined ? { maxMatchings: input.maxMatchings } : {}),
    });
    for (const [i, m] of part.mate.entries()) if (m >= 0) mate[members[i]!] = members[m]!;
    out.objective += part.objective;
    out.bound += part.bound;
    out.optimal &&= part.optimal;
    for (const g of part.together) out.together.add(g);
    out.stats.nodes += part.stats.nodes;
    out.stats.matchings += part.stats.matchings;
  }
  return out;
}

function solveConnected(input: SolverInput): SolverOutput {
  const { classes, pairs, togetherPoints } = input;
  const n = classes.length;
  const lockedMate = new Int32Array(n).fill(-1);
  for (const [a, b] of input.locked ?? []) {
    lockedMate[a] = b;
    lockedMate[b] = a;
  }
  const groups = new Map<number, GroupFacts>();
  for (const [c, cls] of classes.entries()) {
    const g = groups.get(cls.group) ?? groups.set(cls.group, { members: [], hosts: new Set() }).get(cls.group)!;
    g.members.push(c);
  }
  if (togetherPoints > 0) findHosts(input, groups);
  let scale = 1;
  for (const g of groups.values()) {
    if (g.hosts.size === 0) continue;
    // Locked classes already say where the group goes.
    const lockedSchools = new Set(g.members.filter((c) => lockedMate[c]! >= 0).map((c) => classes[lockedMate[c]!]!.school));
    if (lockedSchools.size > 1) g.hosts.clear();
    else if (lockedSchools.size === 1) for (const s of [...g.hosts]) if (!lockedSchools.has(s)) g.hosts.delete(s);
    if (g.hosts.size > 0) scale = lcm(scale, g.members.length);
  }
  // Integers throughout: points are scaled so that every share is whole.
  const share = (g: number) => (togetherPoints * scale) / groups.get(g)!.members.length;
  const free = (c: number) => lockedMate[c]! < 0;
  const freePairs = pairs.filter((p) => free(p.a) && free(p.b));
  const maxPairPoints = freePairs.reduce((m, p) => Math.max(m, p.points), 0);
  const maxShares = Math.max(0, ...[...groups.keys()].map((g) => (groups.get(g)!.hosts.size ? share(g) : 0)));
  // Pairs between schools that asked to keep their link.
  const partnerOf = new Map<number, number>();
  for (const [s, t] of input.partners ?? []) partnerOf.set(s, t).set(t, s);
  const isPartnerPair = new Uint8Array(freePairs.length);
  if (partnerOf.size > 0) for (const [k, p] of freePairs.entries()) if (partnerOf.get(classes[p.a]!.school) === classes[p.b]!.school) isPartnerPair[k] = 1;
  // Lexicographic weights: the most partner pairs, then the most classes linked, then
  // restricted groups all linked, then the (relaxed) objective. Each tier outweighs
  // everything below it (an edge's +1 belongs to the linked tier).
  const perEdgeMax = maxPairPoints * scale + 2 * maxShares;
  const objectiveCeiling = Math.ceil(n / 2) * perEdgeMax + 1;
  const RESTRICTED = objectiveCeiling;
  const LINKED = RESTRICTED * (n + 1);
  // Twice the linked tier is enough: a matching with fewer partner pairs than the most
  // differs from one with the most by alternating paths and cycles, one of which adds a
  // partner pair while changing the classes linked by at most one pair, and everything
  // below by less than LINKED. Only when there are partner pairs.
  const PARTNER = isPartnerPair.includes(1) ? 2 * LINKED + 1 : 0;
  // The engine's duals are scaled by 4, and a slack adds two of them (each at most the
  // scaled weight): everything stays an exact integer below 8 × the largest edge weight.
  if (8 * (PARTNER + LINKED + 2 * RESTRICTED + perEdgeMax + 1) > Number.MAX_SAFE_INTEGER)
    throw new RangeError('this programme is too large to match with exact arithmetic');

  let lockedPoints = 0;
  if (input.locked?.length) {
    for (const p of pairs) if (lockedMate[p.a] === p.b) lockedPoints += p.points * scale;
  }

  // The free pairs as arrays, with each end's group share when its partner's school could
  // host the whole group (before a node's exclusions).
  const m = freePairs.length;
  // Per class: its group's hosts and share, when it has any (most groups have none).
  const hostsOf = classes.map((cls) => (groups.get(cls.group)!.hosts.size > 0 ? groups.get(cls.group)!.hosts : null));
  const shareOf = classes.map((cls) => (groups.get(cls.group)!.hosts.size > 0 ? share(cls.group) : 0));
  const hostShare = (c: number, partner: number) => (hostsOf[c]?.has(classes[partner]!.school) ? shareOf[c]! : 0);
  const [pairA, pairB] = [new Int32Array(m), new Int32Array(m)];
  const [pairScaled, shareA, shareB] = [new Float64Array(m), new Float64Array(m), new Float64Array(m)];
  for (let k = 0; k < m; k++) {
    const { a, b, points } = freePairs[k]!;
    pairA[k] = a;
    pairB[k] = b;
    pairScaled[k] = points * scale;
    shareA[k] = hostShare(a, b);
    shareB[k] = hostShare(b, a);
  }
  let matchings = 0;
  let partnerTarget = -1;
  let linkedTarget = -1;
  const evaluate = (node: Node, seed?: Uint8Array): Evaluated | null => {
    const excludedFor = (c: number, partner: number) => node.excluded.size > 0 && node.excluded.get(classes[c]!.group)?.has(classes[partner]!.school) === true;
    const earns = (c: number, partner: number) => (excludedFor(c, partner) ? 0 : hostShare(c, partner));
    const edges: EdgeList = { a: new Int32Array(m), b: new Int32Array(m), w: new Float64Array(m) };
    const pairOf = new Int32Array(m);
    let count = 0;
    const anyRestricted = node.restricted.size > 0;
    for (let k = 0; k < m; k++) {
      const a = pairA[k]!;
      const b = pairB[k]!;
      let w = PARTNER * isPartnerPair[k]! + LINKED + pairScaled[k]! + 1;
      if (anyRestricted) {
        const ra = node.restricted.get(classes[a]!.group);
        const rb = node.restricted.get(classes[b]!.group);
        if ((ra !== undefined && classes[b]!.school !== ra) || (rb !== undefined && classes[a]!.school !== rb)) continue;
        w += (ra !== undefined ? RESTRICTED : 0) + (rb !== undefined ? RESTRICTED : 0);
      }
      if (shareA[k]! > 0 && !excludedFor(a, b)) w += shareA[k]!;
      if (shareB[k]! > 0 && !excludedFor(b, a)) w += shareB[k]!;
      edges.a[count] = a;
      edges.b[count] = b;
      pairOf[count] = k;
      edges.w[count++] = w;
    }
    const used = { a: edges.a.subarray(0, count), b: edges.b.subarray(0, count), w: edges.w.subarray(0, count) };
    const seedGraph = seed ? Uint8Array.from(pairOf.subarray(0, count), (k) => seed[k]!) : undefined;
    const solved = maxWeightMatching(n, used, seedGraph ? { seed: seedGraph } : {});
    const { mate } = solved;
    const graph = new Uint8Array(m);
    for (let i = 0; i < count; i++) graph[pairOf[i]!] = solved.graph[i]!;
    matchings++;
    for (const [c, mc] of lockedMate.entries()) if (mc >= 0) mate[c] = mc;
    let linked = 0;
    let partnerPairs = 0;
    let pairPoints = 0;
    for (let k = 0; k < m; k++)
      if (mate[pairA[k]!] === pairB[k]!) {
        linked++;
        partnerPairs += isPartnerPair[k]!;
        pairPoints += pairScaled[k]!;
      }
    // The root reaches the most of both; a branch that cannot is not a solution.
    if (linkedTarget < 0) [partnerTarget, linkedTarget] = [partnerPairs, linked];
    if (partnerPairs < partnerTarget || linked < linkedTarget) return null;
    for (const [g, school] of node.restricted) {
      if (groups.get(g)!.members.some((c) => mate[c]! < 0 || classes[mate[c]!]!.school !== school)) return null;
    }
    let shares = 0;
    const together = new Set<number>();
    const splitShares: [number, number][] = [];
    for (const [gi, g] of groups) {
      if (g.hosts.size === 0) continue;
      const whole = wholeWith(g.members, mate, classes) >= 0;
      if (whole && g.members.length >= 2) together.add(gi);
      const earned = g.members.reduce((sum, c) => sum + (mate[c]! >= 0 ? earns(c, mate[c]!) : 0), 0);
      shares += earned;
      if (earned > 0 && !whole) splitShares.push([gi, earned]);
    }
    const split = splitShares.sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([gi]) => gi);
    return {
      node,
      bound: lockedPoints + pairPoints + shares,
      trueValue: lockedPoints + pairPoints + together.size * togetherPoints * scale,
      mate,
      together,
      split,
      graph,
    };
  };

  // At least the first matching and the quick incumbent.
  const budget = input.maxMatchings ?? Math.max(2, Math.floor(SEARCH_WORK / Math.max(1, n ** 3)));
  const root = evaluate({ excluded: new Map(), restricted: new Map() })!;
  let best = root;
  const open: Evaluated[] = [root];
  let nodes = 1;
  // A quick incumbent: each split group earns only with the school that has most of its
  // classes, which tends to draw the group together there.
  if (root.split.length > 0 && matchings < budget) {
    const excluded = new Map<number, Set<number>>();
    for (const g of root.split) excluded.set(g, new Set([...groups.get(g)!.hosts].filter((school) => school !== majorityHost(root, g))));
    const nudged = evaluate({ excluded, restricted: new Map() }, root.graph);
    nodes++;
    if (nudged && nudged.trueValue > best.trueValue) best = nudged;
  }
  let optimal = false;
  while (open.length > 0) {
    // Best bound first; ties go to the node made first, so runs are repeatable.
    let at = 0;
    for (let i = 1; i < open.length; i++) if (open[i]!.bound > open[at]!.bound) at = i;
    if (open[at]!.bound <= best.trueValue) {
      optimal = true;
      break;
    }
    if (matchings + 2 > budget) break;
    const top = open.splice(at, 1)[0]!;
    const g = top.split[0]!;
    const host = majorityHost(top, g);
    const children: Node[] = [
      { excluded: top.node.excluded, restricted: new Map([...top.node.restricted, [g, host]]) },
      { excluded: new Map([...top.node.excluded, [g, new Set([...(top.node.excluded.get(g) ?? []), host])]]), restricted: top.node.restricted },
    ];
    for (const child of children) {
      const e = evaluate(child, top.graph);
      nodes++;
      if (!e) continue;
      if (e.trueValue > best.trueValue) best = e;
      if (e.bound > best.trueValue) open.push(e);
    }
  }
  if (open.length === 0) optimal = true;
  // An answer not proved optimal is polished by local search (regroup.ts).
  if (!optimal) {
    const hostGroups = [...groups.values()].filter((g) => g.hosts.size > 0).length;
    const context = {
      classes,
      pairA,
      pairB,
      pairScaled,
      isPartnerPair,
      groups,
      lockedMate,
      togetherValue: togetherPoints * scale,
      tiers: { partner: PARTNER, linked: LINKED, restricted: RESTRICTED },
    };
    const polished = regroup(context, best.mate, REGROUP_SOLVES_PER_GROUP * hostGroups);
    if (polished.gain > 0) {
      const together = new Set(
        [...groups].filter(([, g]) => g.hosts.size > 0 && g.members.length >= 2 && wholeWith(g.members, polished.mate, classes) >= 0).map(([gi]) => gi),
      );
      best = { ...best, mate: polished.mate, trueValue: best.trueValue + polished.gain, together };
      if (open.every((e) => e.bound <= best.trueValue)) optimal = true;
    }
  }
  const bound = optimal ? best.trueValue : Math.max(best.trueValue, ...open.map((e) => e.bound));
  return { mate: best.mate, objective: best.trueValue / scale, together: best.together, optimal, bound: bound / scale, stats: { nodes, matchings } };

  /** The host school with most of the group's classes in a node's matching (ties: the lowest number). */
  function majorityHost(e: Evaluated, g: number): number {
    const counts = new Map<number, number>();
    for (const c of groups.get(g)!.members) {
      const school = e.mate[c]! >= 0 ? classes[e.mate[c]!]!.school : -1;
      if (groups.get(g)!.hosts.has(school) && !e.node.excluded.get(g)?.has(school)) counts.set(school, (counts.get(school) ?? 0) + 1);
    }
    return [...counts].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]![0];
  }
}
