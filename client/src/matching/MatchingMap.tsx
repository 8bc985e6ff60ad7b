// The proposed links as a picture: each school where the coordinator set its location, a
// line for each proposed pair (thicker for more classes), a red ring where a class is left
// unlinked. Coordinators see at a glance who is paired with whom, and how far apart.
import type { MatchingResult } from '../../../shared/schemas/matching';
import type { EoiView } from '../../../shared/schemas/eoi';
import { shortSchoolName } from './short-school-name';

const WIDTH_PX = 640;
const HEIGHT_PX = 360;
const MARGIN_PX = 24;
const LABEL_FONT_PX = 11;
/** Near the right edge a name goes left of its dot, so that it stays on the map. */
const LABEL_FLIP_X_PX = WIDTH_PX - 140;

export function MatchingMap({ result, eois }: { result: MatchingResult; eois: readonly EoiView[] }) {
  const located = new Map(eois.filter((e) => e.location).map((e) => [e.id, e]));
  if (located.size < 2) return <p className="muted">Add schools' locations to their forms to see the links on a map.</p>;
  const points = [...located.values()].map((e) => e.location!);
  const [minLat, maxLat] = [Math.min(...points.map((p) => p.lat)), Math.max(...points.map((p) => p.lat))];
  const [minLng, maxLng] = [Math.min(...points.map((p) => p.lng)), Math.max(...points.map((p) => p.lng))];
  // Longitude shrinks with latitude: scale it so distances look right.
  const lngScale = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLng - minLng) * lngScale, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const k = Math.min((WIDTH_PX - 2 * MARGIN_PX) / spanX, (HEIGHT_PX - 2 * MARGIN_PX) / spanY);
  const at = (e: EoiView) => [MARGIN_PX + (e.location!.lng - minLng) * lngScale * k, HEIGHT_PX - MARGIN_PX - (e.location!.lat - minLat) * k] as const;
  const eoiOf = new Map(result.classes.map((c) => [c.classId, c.eoiId]));
  const lines = new Map<string, { a: EoiView; b: EoiView; count: number }>();
  for (const p of result.proposals) {
    const [a, b] = p.classIds.map((id) => located.get(eoiOf.get(id)!));
    if (!a || !b) continue;
    const key = [a.id, b.id].sort().join();
    lines.set(key, { a, b, count: (lines.get(key)?.count ?? 0) + 1 });
  }
  const unlinked = new Set(result.unmatched.map((u) => eoiOf.get(u.classId)));
  return (
    <figure className="matching-map">
      <svg
        viewBox={`0 0 ${WIDTH_PX} ${HEIGHT_PX}`}
        role="img"
        aria-label={`Map of ${lines.size} proposed school pairings among ${located.size} schools`}
        data-testid="matching-map"
      >
        <rect width={WIDTH_PX} height={HEIGHT_PX} fill="#f6f8fa" />
        {[...lines.values()].map(({ a, b, count }) => {
          const [[x1, y1], [x2, y2]] = [at(a), at(b)];
          return (
            <line key={`${a.id}-${b.id}`} x1={x1} y1={y1} x2={x2} y2={y2} stroke="#2f6fb3" strokeWidth={1 + count} strokeOpacity={0.7}>
              <title>{`${a.schoolName} – ${b.schoolName}: ${count} class link${count === 1 ? '' : 's'}`}</title>
            </line>
          );
        })}
        {[...located.values()].map((e) => {
          const [x, y] = at(e);
          return (
            <g key={e.id}>
              <circle
                cx={x}
                cy={y}
                r={4 + e.classes.reduce((n, c) => n + c.count, 0)}
                fill={e.priority ? '#e8a33d' : '#4b9e6b'}
                stroke={unlinked.has(e.id) ? '#c0392b' : '#fff'}
                strokeWidth={unlinked.has(e.id) ? 3 : 1}
              >
                <title>{`${e.schoolName}${e.priority ? ' (priority)' : ''}${unlinked.has(e.id) ? ': a class is not linked' : ''}`}</title>
              </circle>
              {/* Named on the map itself: a tablet cannot hover. */}
              <text
                className="map-label"
                x={x > LABEL_FLIP_X_PX ? x - 8 : x + 8}
                y={y + LABEL_FONT_PX / 3}
                fontSize={LABEL_FONT_PX}
                textAnchor={x > LABEL_FLIP_X_PX ? 'end' : 'start'}
                aria-hidden="true"
              >
                {shortSchoolName(e.schoolName)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        Schools (green; orange: priority; red ring: a class not linked), each named beside its dot, and the proposed links between them (thicker for more
        classes).
      </figcaption>
    </figure>
  );
}
