import { describe, expect, it } from 'vitest';
import { wholeWith } from '../../server/matching/whole-with.js';

const classes = [{ school: 0 }, { school: 0 }, { school: 1 }, { school: 1 }, { school: 2 }];

describe('wholeWith', () => {
  it('names the one school all the classes are linked to', () => {
    expect(wholeWith([0, 1], [2, 3, 0, 1, -1], classes)).toBe(1);
  });

  it('is -1 when the classes are with two schools, or one is not linked', () => {
    expect(wholeWith([0, 1], [2, 4, 0, -1, 1], classes)).toBe(-1);
    expect(wholeWith([0, 1], [2, -1, 0, -1, -1], classes)).toBe(-1);
  });
});
