// Turns a stroke's points into a smooth filled outline (perfect-freehand) as an SVG path.
import { getStroke } from 'perfect-freehand';
import { BOARD_SIZES, type BoardSize } from '../../../shared/board/elements';

/** [x, y, pressure 0–100] triples → the outline's SVG path data. */
export function strokePath(points: readonly number[], size: BoardSize): string {
  const input: [number, number, number][] = [];
  for (let i = 0; i + 2 < points.length; i += 3) input.push([points[i]!, points[i + 1]!, points[i + 2]! / 100]);
  const outline = getStroke(input, {
    size: BOARD_SIZES[size],
    thinning: 0.5,
    smoothing: 0.5,
    streamline: 0.5,
    simulatePressure: input.every((p) => p[2] === 0.5),
  });
  if (outline.length < 2) return '';
  // Quadratic curves through the midpoints of the outline: smooth, and small to render.
  const [first, ...rest] = outline;
  let d = `M${first![0].toFixed(1)},${first![1].toFixed(1)}Q`;
  let prev = first!;
  for (const p of [...rest, first!]) {
    d += `${prev[0].toFixed(1)},${prev[1].toFixed(1)} ${((prev[0] + p[0]) / 2).toFixed(1)},${((prev[1] + p[1]) / 2).toFixed(1)} `;
    prev = p;
  }
  return `${d}Z`;
}
