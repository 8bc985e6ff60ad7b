// The blossom factory of @graph-algorithm/maximum-matching (no types of its own), as
// patched in patches/: a function as CHECK_OPTIMUM receives the final state.
declare module '@graph-algorithm/maximum-matching/core/blossom/blossom' {
  export interface BlossomFinalState {
    nvertex: number;
    /** Dual of each vertex (0..nvertex-1) and each blossom (nvertex..2*nvertex-1), in the scale where an edge's slack is dual[i] + dual[j] - 2w. */
    dualvar: number[];
    /** The blossom containing each vertex or blossom, -1 at the top. */
    blossomparent: number[];
    /** Blossom base vertex, -1 for unused blossom slots. */
    blossombase: number[];
  }
  type Edge = [number, number, number];
  const blossom: (checkOptimum?: boolean | ((state: BlossomFinalState) => void), checkDelta?: boolean) => (edges: Edge[], maxCardinality?: boolean) => number[];
  export default blossom;
}
