// Each vertex's edges, as one flat array (compressed rows): edges[offset[v] ..
// offset[v + 1]) are v's edge indexes, in index order. Built in two passes over the edges,
// because the matching graphs run to hundreds of thousands of edges.
export interface Incidence {
  offset: Int32Array;
  edges: Int32Array;
}

export function incidenceOf(n: number, a: ArrayLike<number>, b: ArrayLike<number>): Incidence {
  const offset = new Int32Array(n + 1);
  for (let k = 0; k < a.length; k++) {
    offset[a[k]! + 1]!++;
    offset[b[k]! + 1]!++;
  }
  for (let v = 0; v < n; v++) offset[v + 1]! += offset[v]!;
  const next = offset.slice(0, n);
  const edges = new Int32Array(2 * a.length);
  for (let k = 0; k < a.length; k++) {
    edges[next[a[k]!]!++] = k;
    edges[next[b[k]!]!++] = k;
  }
  return { offset, edges };
}
