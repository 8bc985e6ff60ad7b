import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCHING_WEIGHTS } from '../../shared/schemas/matching.js';
import { CLOSENESS_RANGE_KM, distanceKm, pairPoints, type SchoolFacts } from '../../server/matching/pair-points.js';
import { yearFit } from '../../server/matching/year-compatibility.js';

const fit = yearFit(
  { yearGroup: 'Y4', exactYearNotEssential: false, alternativeYearGroups: [] },
  { yearGroup: 'Y4', exactYearNotEssential: false, alternativeYearGroups: [] },
)!;
const school = (name: string, over: Partial<SchoolFacts> = {}): SchoolFacts => ({ name, closenessMatters: false, ...over });
const none = { closeness: 0, contrast: 0, together: 0, priority: 0, exactYear: 0 };

describe('pair points', () => {
  it('measures distance on the globe', () => {
    // Preston to Blackburn: about 15 km.
    expect(distanceKm({ lat: 53.7632, lng: -2.7031 }, { lat: 53.7486, lng: -2.4875 })).toBeCloseTo(14.3, 0);
  });

  it('counts closeness only for the schools that asked for it, falling to nothing at the range', () => {
    const a = school('A', { closenessMatters: true, location: { lat: 53.76, lng: -2.7 } });
    const near = school('B', { location: { lat: 53.76, lng: -2.7 } });
    const far = school('C', { location: { lat: 53.76 + CLOSENESS_RANGE_KM / 111, lng: -2.7 } });
    expect(pairPoints(a, near, fit, { ...none, closeness: 5 })).toEqual({ points: 50, reasons: ['both Y4', '0.0 km apart, closeness requested by A'] });
    expect(pairPoints({ ...a }, { ...near, closenessMatters: true }, fit, { ...none, closeness: 5 }).points).toBe(100);
    expect(pairPoints(a, far, fit, { ...none, closeness: 5 }).points).toBe(0);
    expect(pairPoints(school('D'), near, fit, { ...none, closeness: 5 })).toEqual({ points: 0, reasons: ['both Y4'] });
    // Reasons only for what scored: no location, or too far for closeness to count, says nothing.
    expect(pairPoints(a, school('E'), fit, { ...none, closeness: 5 })).toEqual({ points: 0, reasons: ['both Y4'] });
    expect(pairPoints(a, far, fit, { ...none, closeness: 5 })).toEqual({ points: 0, reasons: ['both Y4'] });
  });

  it('scores contrast over what both profiles say, with the differences in words', () => {
    const urban = school('U', { profile: { setting: 'urban', faith: 'faith', bands: { deprivation: 5 } } });
    const rural = school('R', { profile: { setting: 'rural', faith: 'non-faith', bands: { deprivation: 1 } } });
    expect(pairPoints(urban, rural, fit, { ...none, contrast: 4 })).toEqual({
      points: 40,
      reasons: ['both Y4', 'urban with rural', 'faith with non-faith', 'deprivation bands 5 and 1'],
    });
    expect(pairPoints(urban, urban, fit, { ...none, contrast: 4 })).toEqual({ points: 0, reasons: ['both Y4'] });
    expect(pairPoints(urban, school('N'), fit, { ...none, contrast: 4 }).points).toBe(0);
  });

  it('adds points for priority schools and for the exact year group put forward', () => {
    const offered = yearFit(
      { yearGroup: 'Y4', exactYearNotEssential: false, alternativeYearGroups: ['Y5'] },
      { yearGroup: 'Y5', exactYearNotEssential: false, alternativeYearGroups: [] },
    )!;
    expect(pairPoints(school('A', { priority: true }), school('B', { priority: true }), fit, DEFAULT_MATCHING_WEIGHTS).points).toBe(
      DEFAULT_MATCHING_WEIGHTS.priority * 20 + DEFAULT_MATCHING_WEIGHTS.exactYear * 10,
    );
    expect(pairPoints(school('A'), school('B'), offered, DEFAULT_MATCHING_WEIGHTS)).toEqual({ points: 0, reasons: ['both Y5; Y5 offered instead of Y4'] });
  });
});
