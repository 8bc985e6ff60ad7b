// The native matching engine (native/lemon-matching.cc: LEMON's MaxWeightedMatching),
// loaded once per thread. `npm run provision` builds it; without it matching cannot run.
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../repo-root.js';

export interface EngineResult {
  /** mate[v] is v's partner, or -1. */
  mate: Int32Array;
  /** Optimal duals, scaled by dualScale: y_v per vertex, z_B per odd blossom B. */
  nodeDual: Float64Array;
  blossomDual: Float64Array;
  /** Blossom k's vertices are blossomNodes[blossomStart[k] .. blossomEnd[k]). */
  blossomStart: Int32Array;
  blossomEnd: Int32Array;
  blossomNodes: Int32Array;
  dualScale: number;
}

interface Engine {
  maxWeightedMatching(n: number, a: Int32Array, b: Int32Array, w: Float64Array): EngineResult;
}

export const ENGINE_PATH = path.join(REPO_ROOT, 'server', 'matching', 'native', 'build', 'lemon-matching.node');

export class MatchingEngineMissingError extends Error {
  constructor(cause: unknown) {
    super(`the matching engine is not built (${ENGINE_PATH}): run \`npm run provision\``, { cause });
    this.name = 'MatchingEngineMissingError';
  }
}

let engine: Engine | undefined;

export function matchingEngine(): Engine {
  if (!engine) {
    try {
      engine = createRequire(import.meta.url)(ENGINE_PATH) as Engine;
    } catch (err) {
      throw new MatchingEngineMissingError(err);
    }
  }
  return engine;
}
