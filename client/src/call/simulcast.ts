/** Three simulcast layers (180p, 360p, 720p from a 720p camera): each receiver gets the
 * layer its tile needs, chosen by `preferLayerForWidth`. */
export const SIMULCAST_ENCODINGS = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

/** The simulcast layer for a tile this many device pixels across. */
export function preferLayerForWidth(widthPx: number): number {
  if (widthPx <= 320) return 0;
  if (widthPx <= 640) return 1;
  return 2;
}
