// Maximum-weight matching of a general graph, exact, fast on the dense graphs matching
// makes (every class of a year group can meet every other school's class).
//
// The blossom algorithm (LEMON's, natively: lemon-engine.ts) runs on a sparse graph: each
// vertex's heaviest CANDIDATES_PER_VERTEX edges and a few spread over the rest. Its optimal
// duals are then a certificate for the whole graph: if no left-out edge has negative
// slack, the duals stay feasible with the matching's complementary slackness intact, so by
// LP duality (Edmonds' matching polytope) the sparse optimum is the optimum of the full
// graph. Edges that break the certificate are added and the sparse graph is solved again;
// rounds are few, and after MAX_CERTIFY_ROUNDS the full graph is solved directly, so the
// answer is always exact.
import { incidenceOf } from './incidence.js';
import { matchingEngine, type EngineResult } from './lemon-engine.js';

export interface WeightedEdge {
  a: number;
  b: number;
  /** A positive integer below 2^50. */
  w: number;
}

/** Edges as parallel arrays: the form the solver builds and the engine reads. */
export interface EdgeList {
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
}

export interface MatchingOutcome {
  /** mate[v] is v's partner, or -1. */
  mate: Int32Array;
  /** How many times the blossom algorithm ran (1 when the first sparse graph was enough). */
  rounds: number;
  /** Edges in the last graph solved. */
  edgesSolved: number;
  /** That graph: 1 for each input edge in it, to start a related solve from. */
  graph: Uint8Array;
}

export const CANDIDATES_PER_VERTEX = 20;
export const MAX_CERTIFY_ROUNDS = 6;
export const SPREAD_PER_VERTEX = 6;

export function edgeList(edges: readonly WeightedEdge[]): EdgeList {
  return { a: Int32Array.from(edges, (e) => e.a), b: Int32Array.from(edges, (e) => e.b), w: Float64Array.from(edges, (e) => e.w) };
}

function solve(n: number, edges: EdgeList, picked: Int32Array): EngineResult {
  const a = new Int32Array(picked.length);
  const b = new Int32Array(picked.length);
  const w = new Float64Array(picked.length);
  for (let i = 0; i < picked.length; i++) {
    const k = picked[i]!;
    a[i] = edges.a[k]!;
    b[i] = edges.b[k]!;
    w[i] = edges.w[k]!;
  }
  return matchingEngine().maxWeightedMatching(n, a, b, w);
}

/** The indexes of the edges whose slack under the duals is negative:
 * y_a + y_b + Σ z_B over the blossoms B holding both ends < w (all scaled). */
function uncertifiedEdges(edges: EdgeList, n: number, duals: EngineResult): number[] {
  // Each vertex's chain of enclosing blossoms, outermost first: blossoms are laminar, so
  // taking them largest first puts every blossom after those that hold it.
  const size = (k: number) => duals.blossomEnd[k]! - duals.blossomStart[k]!;
  const order = [...duals.blossomDual.keys()].sort((x, y) => size(y) - size(x));
  const chains: number[][] = Array.from({ length: n }, () => []);
  for (const k of order) for (let i = duals.blossomStart[k]!; i < duals.blossomEnd[k]!; i++) chains[duals.blossomNodes[i]!]!.push(k);
  const broken: number[] = [];
  for (let k = 0; k < edges.a.length; k++) {
    const a = edges.a[k]!;
    const b = edges.b[k]!;
    let slack = duals.nodeDual[a]! + duals.nodeDual[b]! - duals.dualScale * edges.w[k]!;
    if (slack >= 0) continue; // blossom duals only add
    const ca = chains[a]!;
    const cb = chains[b]!;
    for (let i = 0; i < Math.min(ca.length, cb.length) && ca[i] === cb[i]; i++) slack += duals.blossomDual[ca[i]!]!;
    if (slack < 0) broken.push(k);
  }
  return broken;
}

export interface SparsityOptions {
  candidatesPerVertex?: number;
  spreadPerVertex?: number;
  /** The graph to start from instead of each vertex's candidates (1 for each input edge
   * in it): the final graph of a solve with similar weights, which then needs few rounds,
   * and no sort of every edge. */
  seed?: Uint8Array;
}

/** Each vertex's candidates: its best edges (ties: the lower index), and a few spread
 * evenly over the ranks of the rest, so that the sparse graph links as many vertices as
 * the full one. (Spreading over the rest in any other order needs many more rounds.) */
function candidateEdges(n: number, edges: EdgeList, candidatesPerVertex: number, spreadPerVertex: number): Uint8Array {
  const { offset, edges: incident } = incidenceOf(n, edges.a, edges.b);
  const inGraph = new Uint8Array(edges.a.length);
  const byWeight = (x: number, y: number) => edges.w[y]! - edges.w[x]! || x - y;
  for (let v = 0; v < n; v++) {
    const list = incident.subarray(offset[v], offset[v + 1]).sort(byWeight);
    for (let i = 0; i < Math.min(list.length, candidatesPerVertex); i++) inGraph[list[i]!] = 1;
    const rest = list.length - candidatesPerVertex;
    for (let i = 0; i < Math.min(spreadPerVertex, rest); i++) inGraph[list[candidatesPerVertex + Math.floor(((i + 0.5) * rest) / spreadPerVertex)]!] = 1;
  }
  return inGraph;
}

export function maxWeightMatching(
  n: number,
  input: EdgeList | readonly WeightedEdge[],
  { candidatesPerVertex = CANDIDATES_PER_VERTEX, spreadPerVertex = SPREAD_PER_VERTEX, seed }: SparsityOptions = {},
): MatchingOutcome {
  const edges = Array.isArray(input) ? edgeList(input) : (input as EdgeList);
  const m = edges.a.length;
  for (let k = 0; k < m; k++) {
    const w = edges.w[k]!;
    if (edges.a[k] === edges.b[k] || !Number.isInteger(w) || w <= 0) throw new RangeError(`edge ${k} must join two vertices with a positive integer weight`);
  }
  if (seed && seed.length !== m) throw new RangeError('the seed must have one entry per edge');
  const inGraph = seed ? seed.slice() : candidateEdges(n, edges, candidatesPerVertex, spreadPerVertex);
  for (let round = 1; ; round++) {
    // After MAX_CERTIFY_ROUNDS, the whole graph.
    if (round > MAX_CERTIFY_ROUNDS) inGraph.fill(1);
    let size = 0;
    for (let k = 0; k < m; k++) size += inGraph[k]!;
    const picked = new Int32Array(size);
    for (let k = 0, i = 0; k < m; k++) if (inGraph[k]) picked[i++] = k;
    const solved = solve(n, edges, picked);
    const broken = size === m ? [] : uncertifiedEdges(edges, n, solved);
    if (broken.length === 0) return { mate: solved.mate, rounds: round, edgesSolved: size, graph: inGraph };
    for (const k of broken) inGraph[k] = 1;
  }
}
