import { describe, expect, it } from 'vitest';
import { matchingEngine, type EngineResult } from '../../server/matching/lemon-engine.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

interface Graph {
  n: number;
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
}

/** A random graph; `offset` puts every weight in one high tier, as the solver's are. */
function randomGraph(random: () => number, n: number, density: number, offset: number): Graph {
  const edges: [number, number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (random() < density) edges.push([a, b, offset + 1 + Math.floor(random() * 40)]);
  return { n, a: Int32Array.from(edges, (e) => e[0]), b: Int32Array.from(edges, (e) => e[1]), w: Float64Array.from(edges, (e) => e[2]) };
}

/**
 * Checks the matching against its duals (Edmonds' matching polytope): the duals are
 * feasible, and their objective equals the matching's weight. By LP duality that proves
 * the matching maximal, on graphs far beyond brute force.
 */
function expectProvedOptimal(g: Graph, r: EngineResult) {
  const blossomsOf: number[][] = Array.from({ length: g.n }, () => []);
  for (let k = 0; k < r.blossomDual.length; k++) {
    expect(r.blossomDual[k]).toBeGreaterThanOrEqual(0);
    expect((r.blossomEnd[k]! - r.blossomStart[k]!) % 2).toBe(1);
    for (let i = r.blossomStart[k]!; i < r.blossomEnd[k]!; i++) blossomsOf[r.blossomNodes[i]!]!.push(k);
  }
  let weight = 0;
  let negativeSlacks = 0;
  for (let k = 0; k < g.a.length; k++) {
    const [a, b] = [g.a[k]!, g.b[k]!];
    const shared = blossomsOf[a]!.filter((x) => blossomsOf[b]!.includes(x)).reduce((sum, x) => sum + r.blossomDual[x]!, 0);
    const slack = r.nodeDual[a]! + r.nodeDual[b]! + shared - r.dualScale * g.w[k]!;
    if (slack < 0) negativeSlacks++;
    if (r.mate[a] === b) weight += g.w[k]!;
  }
  expect(negativeSlacks).toBe(0);
  for (let v = 0; v < g.n; v++) if (r.mate[v]! >= 0) expect(r.mate[r.mate[v]!]).toBe(v);
  let dual = 0;
  for (let v = 0; v < g.n; v++) {
    expect(r.nodeDual[v]).toBeGreaterThanOrEqual(0);
    dual += r.nodeDual[v]!;
  }
  for (let k = 0; k < r.blossomDual.length; k++) dual += r.blossomDual[k]! * Math.floor((r.blossomEnd[k]! - r.blossomStart[k]!) / 2);
  expect(dual).toBe(r.dualScale * weight);
}

describe('the native matching engine (LEMON)', () => {
  it('proves its matching maximal by its duals on 120 random graphs of up to 150 vertices', () => {
    const random = rng(7);
    const engine = matchingEngine();
    for (let t = 0; t < 120; t++) {
      const n = 2 + Math.floor(random() * 150);
      const g = randomGraph(random, n, 0.05 + random() * 0.5, t % 2 === 0 ? 0 : 1e12);
      expectProvedOptimal(g, engine.maxWeightedMatching(g.n, g.a, g.b, g.w));
    }
  });

  it('matches nothing in a graph without edges', () => {
    const r = matchingEngine().maxWeightedMatching(3, new Int32Array(0), new Int32Array(0), new Float64Array(0));
    expect([...r.mate]).toEqual([-1, -1, -1]);
  });

  it('refuses values out of range with a RangeError, and wrong types with a TypeError', () => {
    const engine = matchingEngine();
    const one = (a: number, b: number, w: number) => engine.maxWeightedMatching(2, Int32Array.of(a), Int32Array.of(b), Float64Array.of(w));
    expect(() => one(0, 2, 1)).toThrow(RangeError);
    expect(() => one(0, 0, 1)).toThrow(RangeError);
    expect(() => one(0, 1, 1.5)).toThrow(RangeError);
    expect(() => one(0, 1, 0)).toThrow(RangeError);
    expect(() => one(0, 1, 2 ** 50)).toThrow(RangeError);
    expect(() => engine.maxWeightedMatching(2e7, new Int32Array(0), new Int32Array(0), new Float64Array(0))).toThrow(RangeError);
    expect(() => engine.maxWeightedMatching(2, Int32Array.of(0), Int32Array.of(1, 0), Float64Array.of(1))).toThrow(TypeError);
    expect(() => engine.maxWeightedMatching(2, [0] as unknown as Int32Array, Int32Array.of(1), Float64Array.of(1))).toThrow(TypeError);
  });
});
