import { describe, expect, it } from 'vitest';
import { MAX_CERTIFY_ROUNDS, maxWeightMatching, type WeightedEdge } from '../../server/matching/max-weight-matching.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function weightOf(mate: Int32Array, edges: readonly WeightedEdge[]) {
  const w = new Map(edges.map((e) => [`${Math.min(e.a, e.b)}-${Math.max(e.a, e.b)}`, e.w]));
  let total = 0;
  for (const [v, u] of mate.entries()) if (u > v) total += w.get(`${v}-${u}`)!;
  return total;
}

/** Every matching, by trying each vertex matched to each later neighbour or left single. */
function bruteForceBest(n: number, edges: readonly WeightedEdge[]): number {
  const w = new Map(edges.map((e) => [`${Math.min(e.a, e.b)}-${Math.max(e.a, e.b)}`, e.w]));
  const used = new Array<boolean>(n).fill(false);
  const go = (v: number): number => {
    while (v < n && used[v]) v++;
    if (v >= n) return 0;
    used[v] = true;
    let best = go(v + 1);
    for (let u = v + 1; u < n; u++) {
      const wu = w.get(`${v}-${u}`);
      if (used[u] || wu === undefined) continue;
      used[u] = true;
      best = Math.max(best, wu + go(v + 1));
      used[u] = false;
    }
    used[v] = false;
    return best;
  };
  return go(0);
}

function randomGraph(random: () => number, n: number, density: number, maxW: number): WeightedEdge[] {
  const edges: WeightedEdge[] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (random() < density) edges.push({ a, b, w: 1 + Math.floor(random() * maxW) });
  return edges;
}

// Edge 0-2 is neither end's heaviest, so a graph of each vertex's best edge lacks it; the
// best matching is 0-2, 1-3, 4-5 (30), against 22 without it.
const MISSED_BY_BEST_EDGES: WeightedEdge[] = [
  { a: 0, b: 1, w: 10 },
  { a: 0, b: 2, w: 9 },
  { a: 1, b: 3, w: 9 },
  { a: 2, b: 4, w: 11 },
  { a: 4, b: 5, w: 12 },
];

describe('maxWeightMatching', () => {
  it('matches the brute-force optimum on 300 small random graphs, even with one candidate edge per vertex', () => {
    const random = rng(7);
    for (let t = 0; t < 300; t++) {
      const n = 2 + Math.floor(random() * 9);
      const edges = randomGraph(random, n, 0.2 + random() * 0.8, t % 2 ? 5 : 1000);
      const best = bruteForceBest(n, edges);
      for (const k of [1, 3]) {
        const { mate } = maxWeightMatching(n, edges, { candidatesPerVertex: k, spreadPerVertex: k - 1 });
        expect(weightOf(mate, edges)).toBe(best);
        for (const [v, u] of mate.entries()) if (u >= 0) expect(mate[u]).toBe(v);
      }
    }
  });

  it('needs more than one round when the sparse graph misses the optimum, and still finds it', () => {
    const { mate, rounds } = maxWeightMatching(6, MISSED_BY_BEST_EDGES, { candidatesPerVertex: 1, spreadPerVertex: 0 });
    expect(weightOf(mate, MISSED_BY_BEST_EDGES)).toBe(30);
    expect(rounds).toBeGreaterThan(1);
  });

  it("starts from a seed graph (a related solve's final graph) and then needs one round", () => {
    const sparse = { candidatesPerVertex: 1, spreadPerVertex: 0 };
    const first = maxWeightMatching(6, MISSED_BY_BEST_EDGES, sparse);
    expect(first.graph[1]).toBe(1); // edge 0-2
    const again = maxWeightMatching(6, MISSED_BY_BEST_EDGES, { ...sparse, seed: first.graph });
    expect([again.rounds, weightOf(again.mate, MISSED_BY_BEST_EDGES)]).toEqual([1, 30]);
  });

  it('equals the full-graph optimum on larger dense graphs, certified before the full-graph fallback', () => {
    const random = rng(11);
    for (let t = 0; t < 20; t++) {
      const n = 60 + Math.floor(random() * 90);
      const edges = randomGraph(random, n, 0.6, 10_000);
      // Half of them in one high tier, as the solver's weights are (classes linked first).
      if (t % 2 === 1) for (const e of edges) e.w += 1e9;
      const sparse = maxWeightMatching(n, edges, { candidatesPerVertex: 4, spreadPerVertex: 2 });
      const full = maxWeightMatching(n, edges, { candidatesPerVertex: n });
      expect(weightOf(sparse.mate, edges)).toBe(weightOf(full.mate, edges));
      expect(sparse.rounds).toBeLessThanOrEqual(MAX_CERTIFY_ROUNDS);
    }
  });

  it('refuses a loop or a weight that is not a positive integer', () => {
    expect(() => maxWeightMatching(2, [{ a: 0, b: 0, w: 1 }])).toThrow(RangeError);
    expect(() => maxWeightMatching(2, [{ a: 0, b: 1, w: 1.5 }])).toThrow(RangeError);
    expect(() => maxWeightMatching(2, [{ a: 0, b: 1, w: 0 }])).toThrow(RangeError);
  });
});
