/**
 * Watches how much of what this device receives is lost and caps the simulcast layer it asks
 * for while its line cannot carry more. The SFU's own bandwidth estimate gets there too, but
 * on a capped school line it took 8–16 s, with the sound breaking up meanwhile; the loss the
 * receiver sees in one second is a faster, plainer signal: an overfull line drops to the
 * lowest layer at once. After a clean stretch the cap is lifted whole: the SFU's estimate,
 * which only grows while there is demand, then paces the climb (a layer per clean stretch
 * held it back: the top layer took 10–16 s to return). Pure: fed samples, says the cap.
 */

/** A second's loss this high means the line is overfull (random loss is mostly repaired by NACK). */
export const STRUGGLING_LOSS = 0.08;
/** Below this the line counts as clean. */
export const CLEAN_LOSS = 0.02;
/** How long the line must stay clean before the cap is lifted. */
export const CLEAN_BEFORE_LIFT_MS = 4_000;
/**
 * Loss is judged over about a second: a sample closer than this to the last one judged waits
 * for a later one (the caller samples more often, for frozen pictures).
 */
export const MIN_SAMPLE_SPAN_MS = 900;
/** A sender's streams with fewer packets than this in a sample say nothing about the line. */
const MIN_PACKETS_PER_SAMPLE = 20;
export const TOP_LAYER = 2;

/** Cumulative counters over one sender's inbound streams, as the browser's statistics give them. */
export interface SenderCounters {
  packetsReceived: number;
  packetsLost: number;
}

/** One sample of everything this device receives, by the peer that sends it. */
export interface ReceiveSample {
  atMs: number;
  bySender: Record<string, SenderCounters>;
}

/**
 * The loss this device's own line causes in one interval: the least any sender's streams lost.
 * Loss on one sender's line (its upload) shows on that sender's streams only, and asking
 * every sender for less would not help it; loss on this device's line shows on all of them.
 * Undefined when no sender sent enough to judge.
 */
export function lineLoss(prev: ReceiveSample, next: ReceiveSample): number | undefined {
  let least: number | undefined;
  for (const [sender, now] of Object.entries(next.bySender)) {
    const then = prev.bySender[sender];
    if (!then) continue;
    const received = now.packetsReceived - then.packetsReceived;
    const lost = Math.max(0, now.packetsLost - then.packetsLost);
    // Counters restart when a consumer is replaced: that sender says nothing this time.
    if (received < 0 || received + lost < MIN_PACKETS_PER_SAMPLE) continue;
    const loss = lost / (received + lost);
    least = least === undefined ? loss : Math.min(least, loss);
  }
  return least;
}

export class ReceiveLineGuard {
  private last: ReceiveSample | undefined;
  private cap = TOP_LAYER;
  private cleanSinceMs: number | undefined;

  /** The highest layer this device should ask for now. */
  get layerCap(): number {
    return this.cap;
  }

  /** Takes the next sample; answers whether the cap changed. */
  add(sample: ReceiveSample): boolean {
    const prev = this.last;
    if (prev && sample.atMs - prev.atMs < MIN_SAMPLE_SPAN_MS) return false;
    this.last = sample;
    if (!prev) return false;
    const loss = lineLoss(prev, sample);
    if (loss === undefined) return false;
    const before = this.cap;
    if (loss >= STRUGGLING_LOSS) {
      // Straight to the lowest layer: its keyframe is small enough to get through an
      // overfull line quickly (a middle layer's took seconds), and the sound comes first.
      this.cleanSinceMs = undefined;
      this.cap = 0;
    } else if (loss < CLEAN_LOSS) {
      this.cleanSinceMs ??= prev.atMs;
      if (this.cap < TOP_LAYER && sample.atMs - this.cleanSinceMs >= CLEAN_BEFORE_LIFT_MS) this.cap = TOP_LAYER;
    } else {
      // Some loss, not overfull: hold where we are.
      this.cleanSinceMs = undefined;
    }
    return this.cap !== before;
  }
}
