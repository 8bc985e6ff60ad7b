// A floor under the SFU's estimate of what a receiver's line carries, held for a while.
import type { types } from 'mediasoup';

/**
 * About one top simulcast layer (at most 1.5 Mbit/s, see client/src/call/simulcast.ts) and
 * the sound: what a class's board tile needs to show its partner sharp again.
 */
export const RECOVERED_LINE_FLOOR_BPS = 1_600_000;
/**
 * How long the floor holds: long enough for the top layer to flow and the estimate to grow
 * on its own from there, short enough that the estimate is its own again well before the
 * line could be shared out differently.
 */
export const RECOVERED_LINE_FLOOR_MS = 10_000;

interface FloorAppData {
  floorTimer?: NodeJS.Timeout;
  /** The floor held now (0: none). mediasoup reports its own only once it estimates the line. */
  floorBps?: number;
  /** The transport's own ceiling (a school's bandwidth cap): the floor may not exceed it. */
  maxOutgoingBps?: number;
}

/**
 * Floors `transport`'s outgoing bandwidth estimate at RECOVERED_LINE_FLOOR_BPS (no higher than
 * its ceiling) for RECOVERED_LINE_FLOOR_MS, then hands the estimate back to mediasoup. Again
 * before then: the hold starts over.
 */
export async function holdOutgoingFloor(transport: types.Transport): Promise<void> {
  const data = transport.appData as FloorAppData;
  clearTimeout(data.floorTimer);
  // Never above the ceiling: mediasoup would raise the ceiling to meet the floor.
  const bps = Math.min(RECOVERED_LINE_FLOOR_BPS, data.maxOutgoingBps ?? RECOVERED_LINE_FLOOR_BPS);
  await transport.setMinOutgoingBitrate(bps);
  data.floorBps = bps;
  const timer = setTimeout(() => {
    data.floorBps = 0;
    if (!transport.closed) void transport.setMinOutgoingBitrate(0).catch(() => undefined);
  }, RECOVERED_LINE_FLOOR_MS);
  // A closed transport needs no clean-up: the timer keeps nothing alive and checks `closed`.
  timer.unref();
  data.floorTimer = timer;
}

/** The floor held under `transport`'s outgoing estimate now, in bit/s (0: none). */
export function outgoingFloorOf(transport: types.Transport): number {
  return (transport.appData as FloorAppData).floorBps ?? 0;
}

/** Notes a transport's ceiling, so that a floor never exceeds it. */
export function noteOutgoingCeiling(transport: types.Transport, maxOutgoingBps: number): void {
  (transport.appData as FloorAppData).maxOutgoingBps = maxOutgoingBps;
}
