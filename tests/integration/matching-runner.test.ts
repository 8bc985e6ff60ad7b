// The matching runner: a warm worker thread, typed refusals from it, and its time limit.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MATCHING_WEIGHTS } from '../../shared/schemas/matching.js';
import { MatchingError } from '../../server/matching/errors.js';
import { MatchingFailedError, MatchingRunner } from '../../server/matching/run-matching.js';
import { generateEois } from '../../scripts/bench/matching/generate.js';

const noChange = { weights: {}, locked: [], removed: [] };

describe('MatchingRunner', () => {
  const runner = new MatchingRunner();
  afterAll(() => runner.close());

  it('matches in its worker thread, the same answer each time', async () => {
    const eois = generateEois(40, 3);
    const first = await runner.run({ eois, request: noChange, weights: DEFAULT_MATCHING_WEIGHTS, linked: [] });
    const second = await runner.run({ eois, request: noChange, weights: DEFAULT_MATCHING_WEIGHTS, linked: [] });
    expect(first.objective.classes).toBeGreaterThanOrEqual(30);
    expect(first.proposals.length).toBeGreaterThan(10);
    expect(second.proposals).toEqual(first.proposals);
  });

  it('passes on a refusal as a typed MatchingError with its code', async () => {
    const run = runner.run({ eois: [], request: noChange, weights: DEFAULT_MATCHING_WEIGHTS, linked: [] });
    await expect(run).rejects.toBeInstanceOf(MatchingError);
    await expect(run).rejects.toMatchObject({ code: 'nothing-to-match' });
  });

  it('stops a matching that passes its time limit, ending its thread, and runs the next one', async () => {
    // Warm first, so that the long run is stopped while it runs, not while it loads.
    await runner.run({ eois: generateEois(10, 5), request: noChange, weights: DEFAULT_MATCHING_WEIGHTS, linked: [] });
    expect(runner.threads).toBe(1);
    const run = runner.run({ eois: generateEois(1000, 4), request: noChange, weights: DEFAULT_MATCHING_WEIGHTS, linked: [] }, { timeLimitMs: 150 });
    await expect(run).rejects.toBeInstanceOf(MatchingFailedError);
    await expect(run).rejects.toThrow('was stopped');
    expect(runner.threads).toBe(0);
    const after = await runner.run({ eois: generateEois(10, 5), request: noChange, weights: DEFAULT_MATCHING_WEIGHTS, linked: [] });
    expect(after.objective.classes).toBeGreaterThan(0);
  });
});
