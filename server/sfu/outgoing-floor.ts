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
  /** The transport's own ceiling (a school's bandwidth cap): the floor may not exceed it. */
  maxOutgoingBps?: number;
}

/**
 * Floors `transport`'s outgoing bandwidth estimate at `floorBps` (no higher than its ceiling)
 * for `forMs`, then hands the estimate back to mediasoup. Again before then: the hold starts over.
 */
export async function holdOutgoingFloor(transport: types.Transport, floorBps = RECOVERED_LINE_FLOOR_BPS, forMs = RECOVERED_LINE_FLOOR_MS): Promise<void> {
  const data = transport.appData as FloorAppData;
  clearTimeout(data.floorTimer);
  await transport.setMinOutgoingBitrate(Math.min(floorBps, data.maxOutgoingBps ?? floorBps));
  const timer = setTimeout(() => {
    if (!transport.closed) void transport.setMinOutgoingBitrate(0).catch(() => undefined);
  }, forMs);
  timer.unref();
  if (!data.floorTimer) transport.observer.once('close', () => clearTimeout(data.floorTimer));
  data.floorTimer = timer;
}

/** Notes a transport's ceiling, so that a floor never exceeds it (mediasoup refuses that). */
export function noteOutgoingCeiling(transport: types.Transport, maxOutgoingBps: number): void {
  (transport.appData as FloorAppData).maxOutgoingBps = maxOutgoingBps;
}
