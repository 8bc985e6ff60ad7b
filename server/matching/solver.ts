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
import { maxWeightMatching, pairKey, type WeightedEdge } from './max-weight-matching.js';

export interface SolverClass {
  school: number;
  /** The class's school year group (one school, one year group). */
  group: number;
}

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
// always gets the same answer: SEARCH_WORK / classes³, about ten seconds of search here
// (a matching costs about classes³). Programmes of up to about 100 classes are usually
// proved optimal inside it; beyond, the answer says how far from the bound it may be.
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
  value: number;
  trueValue: number;
  mate: Int32Array;
  together: Set<number>;
  /** Groups earning shares without being together, most shares first: where to branch. */
  split: number[];
  /** The sparse graph its matching was certified on: where its children's solves start. */
  graph: Set<number>;
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
  // A school can host a group if it has as many classes that may pair with the group's.
  // For each group, the classes of each school that may pair with it.
  const compatibleOf = new Map<number, Map<number, Set<number>>>();
  const addCompatible = (x: number, y: number) => {
    const bySchool = compatibleOf.get(classes[x]!.group) ?? compatibleOf.set(classes[x]!.group, new Map()).get(classes[x]!.group)!;
    (bySchool.get(classes[y]!.school) ?? bySchool.set(classes[y]!.school, new Set()).get(classes[y]!.school)!).add(y);
  };
  for (const p of pairs) {
    addCompatible(p.a, p.b);
    addCompatible(p.b, p.a);
  }
  for (const [c, m] of lockedMate.entries()) if (m >= 0) addCompatible(c, m);
  let scale = 1;
  for (const [gi, g] of groups) {
    if (g.members.length < 2 || togetherPoints === 0) continue;
    for (const [school, set] of compatibleOf.get(gi) ?? []) if (set.size >= g.members.length) g.hosts.add(school);
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
  // Lexicographic weights: the most classes linked, then restricted groups all linked,
  // then the (relaxed) objective. Each tier outweighs everything below it.
  const perEdgeMax = maxPairPoints * scale + 2 * maxShares;
  const objectiveCeiling = Math.ceil(n / 2) * perEdgeMax + 1;
  const RESTRICTED = objectiveCeiling;
  const LINKED = RESTRICTED * (n + 1);
  // The blossom works with doubled weights and sums of two duals (each at most twice a
  // weight): everything stays an exact integer below 8 × the largest edge weight.
  if (8 * (LINKED + 2 * RESTRICTED + perEdgeMax + 1) > Number.MAX_SAFE_INTEGER) throw new RangeError('this programme is too large to match with exact arithmetic');

  const lockedKeys = new Set((input.locked ?? []).map(([a, b]) => pairKey(n, a, b)));
  const lockedPoints = pairs.reduce((sum, p) => sum + (lockedKeys.has(pairKey(n, p.a, p.b)) ? p.points : 0), 0) * scale;

  let matchings = 0;
  let linkedTarget = -1;
  const evaluate = (node: Node, seed?: ReadonlySet<number>): Evaluated | null => {
    const earns = (c: number, partnerSchool: number) => {
      const g = classes[c]!.group;
      return groups.get(g)!.hosts.has(partnerSchool) && !node.excluded.get(g)?.has(partnerSchool) ? share(g) : 0;
    };
    const edges: WeightedEdge[] = [];
    const edgeOf: SolverPair[] = [];
    for (const p of freePairs) {
      const ra = node.restricted.get(classes[p.a]!.group);
      const rb = node.restricted.get(classes[p.b]!.group);
      if ((ra !== undefined && classes[p.b]!.school !== ra) || (rb !== undefined && classes[p.a]!.school !== rb)) continue;
      const relaxed = p.points * scale + earns(p.a, classes[p.b]!.school) + earns(p.b, classes[p.a]!.school);
      edges.push({ a: p.a, b: p.b, w: LINKED + (ra !== undefined ? RESTRICTED : 0) + (rb !== undefined ? RESTRICTED : 0) + relaxed + 1 });
      edgeOf.push(p);
    }
    const { mate, graph } = maxWeightMatching(n, edges, seed ? { seed } : {});
    matchings++;
    for (const [c, m] of lockedMate.entries()) if (m >= 0) mate[c] = m;
    let linked = 0;
    let pairPoints = 0;
    for (const p of freePairs) if (mate[p.a] === p.b) {
      linked++;
      pairPoints += p.points * scale;
    }
    if (linkedTarget < 0) linkedTarget = linked;
    if (linked < linkedTarget) return null; // this branch cannot link as many classes
    for (const [g, school] of node.restricted) {
      if (groups.get(g)!.members.some((c) => mate[c]! < 0 || classes[mate[c]!]!.school !== school)) return null;
    }
    let shares = 0;
    const together = new Set<number>();
    const splitShares: [number, number][] = [];
    for (const [gi, g] of groups) {
      if (g.hosts.size === 0) continue;
      const partners = new Set(g.members.map((c) => (mate[c]! >= 0 ? classes[mate[c]!]!.school : -1)));
      const whole = !partners.has(-1) && partners.size === 1;
      if (whole && g.members.length >= 2) together.add(gi);
      const earned = g.members.reduce((sum, c) => sum + (mate[c]! >= 0 ? earns(c, classes[mate[c]!]!.school) : 0), 0);
      shares += earned;
      if (earned > 0 && !whole) splitShares.push([gi, earned]);
    }
    // A group that earns no shares here is counted apart from together: the matchings where
    // it is together belong to its sibling branches, which do count it. (Its true value is
    // counted in the answer.)
    const counted = [...together].filter((g) => !node.excluded.get(g)?.has(classes[mate[groups.get(g)!.members[0]!]!]!.school)).length;
    const value = lockedPoints + pairPoints + counted * togetherPoints * scale;
    const split = splitShares.sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([gi]) => gi);
    return { node, bound: lockedPoints + pairPoints + shares, value, trueValue: lockedPoints + pairPoints + together.size * togetherPoints * scale, mate, together, split, graph };
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
