import { describe, expect, it } from 'vitest';
import { incidenceOf } from '../../server/matching/incidence.js';

describe('incidenceOf', () => {
  it("lists each vertex's edges in index order, isolated vertices with none", () => {
    const { offset, edges } = incidenceOf(4, [0, 1, 0], [1, 2, 2]);
    const of = (v: number) => [...edges.subarray(offset[v], offset[v + 1])];
    expect([of(0), of(1), of(2), of(3)]).toEqual([[0, 2], [0, 1], [1, 2], []]);
  });
});
