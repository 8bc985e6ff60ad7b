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

/** Great-circle distance (haversine). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function closeness(a: SchoolFacts, b: SchoolFacts, weight: number): PairPoints {
  const askers = [a, b].filter((s) => s.closenessMatters);
  if (askers.length === 0) return { points: 0, reasons: [] };
  const by = askers.length === 2 ? 'by both' : `by ${askers[0]!.name}`;
  if (!a.location || !b.location) return { points: 0, reasons: [`closeness requested ${by}, but ${!a.location ? a.name : b.name} has no location yet`] };
  const km = distanceKm(a.location, b.location);
  const score = Math.round(10 * Math.max(0, 1 - km / CLOSENESS_RANGE_KM));
  return { points: weight * score * askers.length, reasons: [`${km.toFixed(1)} km apart, closeness requested ${by}`] };
}

function contrast(a: SchoolFacts, b: SchoolFacts, weight: number): PairPoints {
  const pa = a.profile ?? {};
  const pb = b.profile ?? {};
  const parts: number[] = [];
  const reasons: string[] = [];
  if (pa.setting && pb.setting) {
    const gap = Math.abs(SETTINGS.indexOf(pa.setting) - SETTINGS.indexOf(pb.setting)) / 2;
    parts.push(gap);
    if (gap > 0) reasons.push(`${pa.setting} with ${pb.setting}`);
  }
  if (pa.faith && pb.faith) {
    parts.push(pa.faith === pb.faith ? 0 : 1);
    if (pa.faith !== pb.faith) reasons.push(`${pa.faith} with ${pb.faith}`);
  }
  for (const band of Object.keys(pa.bands ?? {}).sort()) {
    const x = pa.bands![band];
    const y = pb.bands?.[band];
    if (x === undefined || y === undefined) continue;
    parts.push(Math.abs(x - y) / 4);
    if (Math.abs(x - y) >= 2) reasons.push(`${band} bands ${x} and ${y}`);
  }
  if (parts.length === 0) return { points: 0, reasons: [] };
  const score = Math.round((10 * parts.reduce((s, p) => s + p, 0)) / parts.length);
  return { points: weight * score, reasons: score === 0 ? ['similar profiles'] : reasons };
}

export function pairPoints(a: SchoolFacts, b: SchoolFacts, fit: YearFit, weights: MatchingWeights): PairPoints {
  const priority = [a, b].filter((s) => s.priority);
  const parts: PairPoints[] = [
    { points: fit.exact ? weights.exactYear * 10 : 0, reasons: [fit.reason] },
    closeness(a, b, weights.closeness),
    contrast(a, b, weights.contrast),
    { points: weights.priority * 10 * priority.length, reasons: priority.map((s) => `${s.name} is a priority school`) },
  ];
  return { points: parts.reduce((s, p) => s + p.points, 0), reasons: parts.flatMap((p) => p.reasons) };
}
