import { describe, expect, it } from 'vitest';
import { proposalsToConfirm } from '../../server/matching/confirm-rules.js';
import { MatchingError } from '../../server/matching/errors.js';

const proposal = (a: string, b: string) => ({ classIds: [a, b] as [string, string], score: 1, reasons: ['both Y4'], locked: false });
const result = { proposals: [proposal('a', 'b'), proposal('c', 'd'), proposal('e', 'f')] };

describe('which proposals a confirmation may turn into links', () => {
  it("takes the named proposals in the run's order, whichever way round a pair is named", () => {
    expect(
      proposalsToConfirm(result, [
        ['f', 'e'],
        ['a', 'b'],
      ]).map((p) => p.classIds),
    ).toEqual([
      ['a', 'b'],
      ['e', 'f'],
    ]);
  });

  it('refuses a pair that was not proposed, and a class named twice', () => {
    expect(() => proposalsToConfirm(result, [['a', 'd']])).toThrow(expect.objectContaining({ code: 'not-a-proposal' }) as MatchingError);
    expect(() =>
      proposalsToConfirm(result, [
        ['a', 'b'],
        ['b', 'a'],
      ]),
    ).toThrow(expect.objectContaining({ code: 'class-confirmed-twice' }) as MatchingError);
  });
});
