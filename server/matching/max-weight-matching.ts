// Maximum-weight matching of a general graph, exact, fast on the dense graphs matching
// makes (every class of a year group can meet every other school's class).
//
// The blossom algorithm (a library) runs on a sparse graph: each vertex's heaviest
// CANDIDATES_PER_VERTEX edges. Its final duals are then a certificate for the whole graph:
// if no left-out edge has negative slack, the duals stay feasible with the matching's
// complementary slackness intact, so by LP duality (Edmonds' matching polytope) the sparse
// optimum is the optimum of the full graph. Edges that break the certificate are added and
// the sparse graph is solved again; rounds are few, and after MAX_CERTIFY_ROUNDS the full
// graph is solved directly, so the answer is always exact.
import blossomFactory from '@graph-algorithm/maximum-matching/core/blossom/blossom';
import type { BlossomFinalState } from '@graph-algorithm/maximum-matching/core/blossom/blossom';

export interface WeightedEdge {
  a: number;
  b: number;
  /** A positive integer (weights are doubled inside, so duals stay integers). */
  w: number;
}

export interface MatchingOutcome {
  /** mate[v] is v's partner, or -1. */
  mate: Int32Array;
  /** How many times the blossom algorithm ran (1 when the first sparse graph was enough). */
  rounds: number;
  /** Edges in the last graph solved. */
  edgesSolved: number;
  /** That graph's edges (pairKey), to start a related solve from. */
  graph: Set<number>;
}

/** One number per unordered pair of vertices. */
export const pairKey = (n: number, a: number, b: number) => (a < b ? a * n + b : b * n + a);

export const CANDIDATES_PER_VERTEX = 20;
export const MAX_CERTIFY_ROUNDS = 6;
export const SPREAD_PER_VERTEX = 6;

// CJS default export through ESM interop.
const factory = ((blossomFactory as unknown as { default?: typeof blossomFactory }).default ?? blossomFactory) as typeof blossomFactory;

function runBlossom(edges: readonly WeightedEdge[], picked: readonly number[]): { mate: number[]; state: BlossomFinalState } {
  // The library returns at once, with no duals, for a graph without edges.
  if (picked.length === 0) return { mate: [], state: { nvertex: 0, dualvar: [], blossomparent: [], blossombase: [] } };
  let state: BlossomFinalState | undefined;
  const solve = factory((s) => (state = s), false);
  const mate = solve(picked.map((k) => [edges[k]!.a, edges[k]!.b, 2 * edges[k]!.w]), false);
  if (!state) throw new Error('the blossom library did not report its duals (is patches/ applied? run `npm run provision`)');
  return { mate, state };
}

/** Slack of every edge under the duals; the indexes of edges whose slack is negative. */
function uncertifiedEdges(edges: readonly WeightedEdge[], n: number, state: BlossomFinalState): number[] {
  const dual = (v: number) => (v < state.nvertex ? state.dualvar[v]! : 0);
  // Each vertex's chain of enclosing blossoms, outermost first.
  const chains: number[][] = [];
  for (let v = 0; v < n; v++) {
    const chain: number[] = [];
    if (v < state.nvertex) for (let b = state.blossomparent[v]!; b !== -1; b = state.blossomparent[b]!) chain.push(b);
    chains.push(chain.reverse());
  }
  const broken: number[] = [];
  for (const [k, e] of edges.entries()) {
    let slack = dual(e.a) + dual(e.b) - 4 * e.w;
    const ca = chains[e.a]!;
    const cb = chains[e.b]!;
    for (let i = 0; i < Math.min(ca.length, cb.length) && ca[i] === cb[i]; i++) slack += 2 * state.dualvar[ca[i]!]!;
    if (slack < 0) broken.push(k);
  }
  return broken;
}

export interface SparsityOptions {
  candidatesPerVertex?: number;
  spreadPerVertex?: number;
  /** Pairs to include from the start: the final graph of a solve with similar weights,
   * which then usually needs no second round. */
  seed?: ReadonlySet<number>;
}

export function maxWeightMatching(n: number, edges: readonly WeightedEdge[], { candidatesPerVertex = CANDIDATES_PER_VERTEX, spreadPerVertex = SPREAD_PER_VERTEX, seed }: SparsityOptions = {}): MatchingOutcome {
  const incident: number[][] = Array.from({ length: n }, () => []);
  for (const [k, e] of edges.entries()) {
    if (e.a === e.b || !Number.isInteger(e.w) || e.w <= 0) throw new RangeError(`edge ${k} must join two vertices with a positive integer weight`);
    incident[e.a]!.push(k);
    incident[e.b]!.push(k);
  }
  // Each vertex's candidates: its best edges, and a few spread over the rest (chosen by a
  // fixed hash) so that the sparse graph links as many vertices as the full one.
  const inGraph = new Uint8Array(edges.length);
  for (const list of incident) {
    list.sort((x, y) => edges[y]!.w - edges[x]!.w || x - y);
    for (const k of list.slice(0, candidatesPerVertex)) inGraph[k] = 1;
    const rest = list.slice(candidatesPerVertex);
    for (let i = 0; i < Math.min(spreadPerVertex, rest.length); i++) inGraph[rest[Math.floor(((i + 0.5) * rest.length) / spreadPerVertex)]!] = 1;
  }
  if (seed) for (const [k, e] of edges.entries()) if (seed.has(pairKey(n, e.a, e.b))) inGraph[k] = 1;
  for (let round = 1; ; round++) {
    const picked = round > MAX_CERTIFY_ROUNDS ? edges.map((_, k) => k) : edges.flatMap((_, k) => (inGraph[k] ? [k] : []));
    const { mate, state } = runBlossom(edges, picked);
    const broken = picked.length === edges.length ? [] : uncertifiedEdges(edges, n, state);
    if (broken.length === 0) {
      const result = new Int32Array(n).fill(-1);
      for (let v = 0; v < Math.min(n, mate.length); v++) result[v] = mate[v]!;
      return { mate: result, rounds: round, edgesSolved: picked.length, graph: new Set(picked.map((k) => pairKey(n, edges[k]!.a, edges[k]!.b))) };
    }
    for (const k of broken) inGraph[k] = 1;
  }
}
