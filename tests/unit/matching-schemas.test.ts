import { describe, expect, it } from 'vitest';
import { MATCHING_FEE_PENCE, optimalityGapPercent, pounds } from '../../shared/schemas/matching.js';

describe('optimalityGapPercent', () => {
  it('says how far below its bound an answer may be, rounded up to one decimal', () => {
    expect(optimalityGapPercent({ points: 12_677, bound: 13_116.7 })).toBe('3.4');
    expect(optimalityGapPercent({ points: 61_775, bound: 65_460.7 })).toBe('5.7');
    expect(optimalityGapPercent({ points: 999, bound: 1000 })).toBe('0.1');
    // Exact boundaries stay exact: no extra tenth from floating point.
    expect(optimalityGapPercent({ points: 0, bound: 1.1 })).toBe('100.0');
    expect(optimalityGapPercent({ points: 9.9, bound: 11 })).toBe('10.0');
  });

  it('is 0 for a proved answer or an empty programme', () => {
    expect(optimalityGapPercent({ points: 2959, bound: 2959 })).toBe('0.0');
    expect(optimalityGapPercent({ points: 0, bound: 0 })).toBe('0.0');
  });
});

describe('pounds', () => {
  it('writes pence as schools read an amount', () => {
    expect(pounds(MATCHING_FEE_PENCE)).toBe('£100');
    expect(pounds(1250)).toBe('£12.50');
  });
});
