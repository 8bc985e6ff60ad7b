// Which of a run's proposals a confirmation may turn into links. Pure.
import type { MatchingResult, MatchProposal } from '../../shared/schemas/matching.js';
import { MatchingError } from './errors.js';

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The proposals named by the pairs, in the run's order; refuses a pair that was not proposed or a class named twice. */
export function proposalsToConfirm(result: Pick<MatchingResult, 'proposals'>, pairs: readonly (readonly [string, string])[]): MatchProposal[] {
  const proposed = new Map(result.proposals.map((p) => [key(...p.classIds), p]));
  const seen = new Set<string>();
  const chosen = new Set<MatchProposal>();
  for (const [a, b] of pairs) {
    const proposal = proposed.get(key(a, b));
    if (!proposal)
      throw new MatchingError('not-a-proposal', `${a} with ${b} is not a proposal of the latest run: run the matching again with that pair locked`);
    for (const c of [a, b]) {
      if (seen.has(c)) throw new MatchingError('class-confirmed-twice', `class ${c} is named in two pairs`);
      seen.add(c);
    }
    chosen.add(proposal);
  }
  return result.proposals.filter((p) => chosen.has(p));
}
