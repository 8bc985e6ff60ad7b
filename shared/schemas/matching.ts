// Matching a programme's classes (issue 8): the weights a coordinator sees and changes, a
// run's request (with locked and removed pairs), its proposals with reasons, and the
// confirmation that turns proposals into links.
import { z } from 'zod';

const Weight = z.number().int().min(0).max(10);

/** How much each preference counts, 0 (not at all) to 10. Linking the most classes always comes first. */
export const MatchingWeightsSchema = z.strictObject({
  /** Closeness, for schools that said being close matters more (question 1). */
  closeness: Weight,
  /** Contrast between the two schools' profiles: setting, faith, demographic bands. */
  contrast: Weight,
  /** All classes of a school's year group linked to the same partner school. */
  together: Weight,
  /** Schools not linked last year. */
  priority: Weight,
  /** The year groups put forward, exactly, over a year either side or an alternative. */
  exactYear: Weight,
});
export type MatchingWeights = z.infer<typeof MatchingWeightsSchema>;

export const DEFAULT_MATCHING_WEIGHTS: MatchingWeights = { closeness: 5, contrast: 4, together: 4, priority: 6, exactYear: 2 };

/** What each weight means, for the coordinator's screen and the README. */
export const MATCHING_WEIGHT_LABELS: Record<keyof MatchingWeights, string> = {
  closeness: 'Closeness (for schools that asked for it)',
  contrast: 'Contrast between schools (setting, faith, bands)',
  together: "A school's year group all with one partner school",
  priority: 'Priority schools (not linked last year)',
  exactYear: 'Exact year group over a neighbouring or alternative one',
};

/** A class of an expression of interest: "<eoi id>:<year group>:<n>". */
export const MatchClassIdSchema = z.string().regex(/^[a-f0-9]{24}:(R|Y[1-6]):([1-9]|10)$/, 'a class of an expression of interest, like "<eoi id>:Y4:1"');
export const ClassPairSchema = z.tuple([MatchClassIdSchema, MatchClassIdSchema]).refine(([a, b]) => a !== b, 'a pair needs two different classes');

export const MatchingRunRequestSchema = z.strictObject({
  weights: MatchingWeightsSchema.partial().default({}),
  /** Pairs kept as they are; the rest is matched around them. */
  locked: z.array(ClassPairSchema).max(2500).default([]),
  /** Pairs not to propose again (the two schools' year groups are not paired). */
  removed: z.array(ClassPairSchema).max(2500).default([]),
});
export type MatchingRunRequest = z.infer<typeof MatchingRunRequestSchema>;

export interface MatchClassView {
  classId: string;
  eoiId: string;
  schoolName: string;
  yearGroup: string;
}

export interface MatchProposal {
  classIds: [string, string];
  /** The pair's points under the weights, with its share of any "together" points. */
  score: number;
  reasons: string[];
  locked: boolean;
  /** Made into a link by a confirmation of this run. */
  confirmed?: boolean;
}

export interface MatchingResult {
  proposals: MatchProposal[];
  unmatched: { classId: string; reasons: string[] }[];
  classes: MatchClassView[];
  weights: MatchingWeights;
  /** The objective reached: classes linked first, then points; whether the search proved
   * it optimal, and the most points any matching could still reach. */
  objective: { linked: number; classes: number; points: number; optimal: boolean; bound: number };
  /** Things the coordinator should know, e.g. partners that cannot be kept. */
  notes: string[];
  stats: { searchNodes: number; matchings: number; ms: number };
}

/** How far below the best possible an answer may be, in per cent, rounded up to one
 * decimal ("3.4"): what a coordinator reads when the search stopped at its limit. Points
 * and bounds come to one decimal, so this works in whole tenths. */
export function optimalityGapPercent({ points, bound }: Pick<MatchingResult['objective'], 'points' | 'bound'>): string {
  const [b, p] = [Math.round(10 * bound), Math.round(10 * points)];
  if (b <= 0 || b <= p) return '0.0';
  return (Math.ceil((1000 * (b - p)) / b) / 10).toFixed(1);
}

/** A run as the API returns it: the result's fields (`proposals`, `unmatched`, …, the
 * issue's contract) with the request it answered and when it ran. */
export interface MatchingRunView extends MatchingResult {
  request: MatchingRunRequest;
  ranAt: string;
}

export const MatchingConfirmSchema = z.strictObject({
  /** Proposals of the latest run to turn into links. */
  pairs: z.array(ClassPairSchema).min(1, 'choose at least one proposal').max(2500),
});

export const MATCHING_FEE_PENCE = 10_000;

/** "£100", "£12.50": an amount of pence as schools read it. */
export const pounds = (pence: number) => `£${pence % 100 === 0 ? pence / 100 : (pence / 100).toFixed(2)}`;
