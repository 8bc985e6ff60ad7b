// The points a pair of classes earns under the coordinator's weights, and why, in words.
// Pure. Each preference scores 0..10 and is multiplied by its weight (0..10):
// - closeness: 10 at the same place, falling to 0 at CLOSENESS_RANGE_KM, once for each of
//   the two schools that said closeness matters more (question 1);
// - contrast: the mean difference over what both profiles say (setting, faith, bands);
// - exact year: 10 when both classes link in the year group they put forward;
// - priority: 10 for each school not linked last year.
// The fifth preference, a year group together with one school, is not a pair's: solver.ts.
import type { MatchingWeights } from '../../shared/schemas/matching.js';
import type { YearFit } from './year-compatibility.js';

export const CLOSENESS_RANGE_KM = 40;
const EARTH_RADIUS_KM = 6371;
const SETTINGS = ['urban', 'suburban', 'rural'] as const;

export interface SchoolFacts {
  name: string;
  closenessMatters: boolean;
  location?: { lat: number; lng: number };
  profile?: { setting?: (typeof SETTINGS)[number]; faith?: 'faith' | 'non-faith'; bands?: Record<string, number> };
  priority?: boolean;
}

export interface PairPoints {
  points: number;
  reasons: string[];
}

const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

// Each part returns its points and, when given a list, adds its reasons to it: matching
// scores every allowed pair (hundreds of thousands) but explains only the proposed ones.

function closeness(a: SchoolFacts, b: SchoolFacts, weight: number, reasons?: string[]): number {
  const askers = a.closenessMatters ? (b.closenessMatters ? 2 : 1) : b.closenessMatters ? 1 : 0;
  if (askers === 0) return 0;
  // Without both locations closeness cannot score (the map asks for the missing ones).
  if (!a.location || !b.location) return 0;
  const km = distanceKm(a.location, b.location);
  const points = weight * Math.round(10 * Math.max(0, 1 - km / CLOSENESS_RANGE_KM)) * askers;
  // A reason only for a preference that scored: "43.9 km apart" earned nothing past 40 km.
  if (points > 0) reasons?.push(`${km.toFixed(1)} km apart, closeness requested ${askers === 2 ? 'by both' : `by ${a.closenessMatters ? a.name : b.name}`}`);
  return points;
}

function contrast(a: SchoolFacts, b: SchoolFacts, weight: number, reasons?: string[]): number {
  const pa = a.profile;
  const pb = b.profile;
  if (!pa || !pb) return 0;
  let sum = 0;
  let parts = 0;
  const found: string[] = [];
  if (pa.setting && pb.setting) {
    const gap = Math.abs(SETTINGS.indexOf(pa.setting) - SETTINGS.indexOf(pb.setting)) / 2;
    sum += gap;
    parts++;
    if (gap > 0 && reasons) found.push(`${pa.setting} with ${pb.setting}`);
  }
  if (pa.faith && pb.faith) {
    sum += pa.faith === pb.faith ? 0 : 1;
    parts++;
    if (pa.faith !== pb.faith && reasons) found.push(`${pa.faith} with ${pb.faith}`);
  }
  if (pa.bands && pb.bands) {
    // Sorted only for the reasons: a sum does not depend on the order.
    const bands = Object.keys(pa.bands);
    if (reasons) bands.sort();
    for (const band of bands) {
      const x = pa.bands[band];
      const y = pb.bands[band];
      if (x === undefined || y === undefined) continue;
      sum += Math.abs(x - y) / 4;
      parts++;
      if (Math.abs(x - y) >= 2 && reasons) found.push(`${band} bands ${x} and ${y}`);
    }
  }
  if (parts === 0) return 0;
  const score = Math.round((10 * sum) / parts);
  if (weight * score > 0) reasons?.push(...found);
  return weight * score;
}

/** A pair's points; its reasons are added to `reasons` when given. */
export function pairScore(a: SchoolFacts, b: SchoolFacts, fit: YearFit, weights: MatchingWeights, reasons?: string[]): number {
  reasons?.push(fit.reason);
  let points = fit.exact ? weights.exactYear * 10 : 0;
  points += closeness(a, b, weights.closeness, reasons);
  points += contrast(a, b, weights.contrast, reasons);
  for (const s of [a, b])
    if (s.priority && weights.priority > 0) {
      points += weights.priority * 10;
      reasons?.push(`${s.name} is a priority school`);
    }
  return points;
}

export function pairPoints(a: SchoolFacts, b: SchoolFacts, fit: YearFit, weights: MatchingWeights): PairPoints {
  const reasons: string[] = [];
  return { points: pairScore(a, b, fit, weights, reasons), reasons };
}
