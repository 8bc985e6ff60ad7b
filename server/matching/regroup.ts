// A local search that improves an answer the branch and bound could not prove: for a year
// group split between schools, re-match its neighbourhood exactly with the whole group
// held to one of the schools it is already partly linked to, and keep the result when the
// objective (partner pairs, classes linked, then points with "together") is higher. Each
// move is an exact matching of a small graph; every hard rule stays kept.
import { incidenceOf } from './incidence.js';
import { maxWeightMatching, type EdgeList } from './max-weight-matching.js';
import type { SolverClass } from './solver-class.js';
import { wholeWith } from './whole-with.js';

export interface RegroupContext {
  classes: readonly SolverClass[];
  /** The free pairs (neither class locked), with their points (scaled). */
  pairA: Int32Array;
  pairB: Int32Array;
  pairScaled: Float64Array;
  isPartnerPair: Uint8Array;
  /** Year groups that could be together, with the schools that could host them. */
  groups: ReadonlyMap<number, { members: readonly number[]; hosts: ReadonlySet<number> }>;
  lockedMate: Int32Array;
  /** A together group's points (scaled). */
  togetherValue: number;
  tiers: { partner: number; linked: number; restricted: number };
}

/** Schools to try per split group: those holding most of its classes already. */
const HOSTS_PER_GROUP = 2;

export function regroup(ctx: RegroupContext, start: Int32Array, maxSolves: number): { mate: Int32Array; gain: number; solves: number } {
  const { classes, pairA, pairB, pairScaled, isPartnerPair, groups, lockedMate } = ctx;
  const n = classes.length;
  const m = pairA.length;
  const { offset, edges: incident } = incidenceOf(n, pairA, pairB);
  let mate: Int32Array = start.slice();
  // The free pair each class is in now, or -1.
  const pairOf = new Int32Array(n).fill(-1);
  for (let k = 0; k < m; k++) if (mate[pairA[k]!] === pairB[k]) pairOf[pairA[k]!] = pairOf[pairB[k]!] = k;

  const isTogether = (mateOf: Int32Array, g: number) => {
    const { members, hosts } = groups.get(g)!;
    return members.length >= 2 && hosts.size > 0 && wholeWith(members, mateOf, classes) >= 0;
  };

  let gain = 0;
  let solves = 0;
  let improved = true;
  while (improved && solves < maxSolves) {
    improved = false;
    for (const [g, group] of groups) {
      if (solves >= maxSolves) break;
      if (group.hosts.size === 0 || group.members.length < 2 || group.members.some((c) => lockedMate[c]! >= 0) || isTogether(mate, g)) continue;
      const counts = new Map<number, number>();
      for (const c of group.members)
        if (mate[c]! >= 0 && group.hosts.has(classes[mate[c]!]!.school))
          counts.set(classes[mate[c]!]!.school, (counts.get(classes[mate[c]!]!.school) ?? 0) + 1);
      const tryHosts = [...counts]
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, HOSTS_PER_GROUP)
        .map(([s]) => s);
      for (const host of tryHosts) {
        if (solves >= maxSolves) break;
        solves++;
        const moved = moveGroup(group.members, host);
        if (moved) {
          mate = moved.mate;
          gain += moved.gain;
          improved = true;
          break;
        }
      }
    }
  }
  return { mate, gain, solves };

  /** The group's neighbourhood re-matched with the group held to `host`, if better. */
  function moveGroup(members: readonly number[], host: number): { mate: Int32Array; gain: number } | null {
    const inGroup = new Set(members);
    const area = new Set(members);
    for (const c of members) {
      for (let i = offset[c]!; i < offset[c + 1]!; i++) {
        const k = incident[i]!;
        const other = pairA[k] === c ? pairB[k]! : pairA[k]!;
        if (classes[other]!.school === host) area.add(other);
      }
    }
    for (const c of [...area]) if (mate[c]! >= 0) area.add(mate[c]!);
    const local = [...area];
    const localOf = new Map(local.map((c, i) => [c, i]));
    const ks: number[] = [];
    for (const c of local) {
      for (let i = offset[c]!; i < offset[c + 1]!; i++) {
        const k = incident[i]!;
        if (pairA[k] !== c || !area.has(pairB[k]!)) continue; // each pair once, both ends here
        const [a, b] = [pairA[k], pairB[k]!];
        if ((inGroup.has(a) && classes[b]!.school !== host) || (inGroup.has(b) && classes[a]!.school !== host)) continue;
        ks.push(k);
      }
    }
    if (ks.length === 0) return null;
    const { tiers } = ctx;
    const edges: EdgeList = {
      a: Int32Array.from(ks, (k) => localOf.get(pairA[k]!)!),
      b: Int32Array.from(ks, (k) => localOf.get(pairB[k]!)!),
      w: Float64Array.from(
        ks,
        (k) =>
          tiers.partner * isPartnerPair[k]! +
          tiers.linked +
          1 +
          pairScaled[k]! +
          tiers.restricted * ((inGroup.has(pairA[k]!) ? 1 : 0) + (inGroup.has(pairB[k]!) ? 1 : 0)),
      ),
    };
    const solved = maxWeightMatching(local.length, edges, { candidatesPerVertex: local.length });
    const after = mate.slice();
    for (const c of local) after[c] = -1;
    const newPairs: number[] = [];
    for (const [i, k] of ks.entries()) {
      if (solved.mate[edges.a[i]!] !== edges.b[i]) continue;
      after[pairA[k]!] = pairB[k]!;
      after[pairB[k]!] = pairA[k]!;
      newPairs.push(k);
    }
    const oldPairs = [...new Set(local.flatMap((c) => (pairOf[c]! >= 0 ? [pairOf[c]!] : [])))];
    const tally = (list: number[]) =>
      list.reduce((t, k) => ({ partner: t.partner + isPartnerPair[k]!, linked: t.linked + 1, points: t.points + pairScaled[k]! }), {
        partner: 0,
        linked: 0,
        points: 0,
      });
    const [before, now] = [tally(oldPairs), tally(newPairs)];
    const touched = new Set<number>();
    for (const c of local) {
      touched.add(classes[c]!.group);
      for (const x of [mate[c]!, after[c]!]) if (x >= 0) touched.add(classes[x]!.group);
    }
    let togetherDelta = 0;
    for (const g of touched) if (groups.has(g)) togetherDelta += (isTogether(after, g) ? 1 : 0) - (isTogether(mate, g) ? 1 : 0);
    const gainHere = now.points - before.points + togetherDelta * ctx.togetherValue;
    // As many partner pairs and classes linked (the answer already has the most), and a
    // higher objective.
    if (now.partner !== before.partner || now.linked !== before.linked || gainHere <= 0) return null;
    for (const c of local) pairOf[c] = -1;
    for (const k of newPairs) pairOf[pairA[k]!] = pairOf[pairB[k]!] = k;
    return { mate: after, gain: gainHere };
  }
}
