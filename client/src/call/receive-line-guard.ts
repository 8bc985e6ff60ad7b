/**
 * Watches how much of what this device receives is lost and caps the simulcast layer it asks
 * for while its line cannot carry more. The SFU's own bandwidth estimate gets there too, but
 * on a capped school line it took 8–16 s, with the sound breaking up meanwhile; the loss the
 * receiver sees in one second is a faster, plainer signal: an overfull line drops to the
 * lowest layer at once. When a troubled line has been clean for a stretch, the cap is lifted
 * whole (a layer per clean stretch held it back: the top layer took 10–16 s to return) and
 * the caller has the SFU floor its estimate of the line, which otherwise regrows slowly
 * after loss (also when the SFU lowered the layers by itself). A line that still cannot carry
 * the top layer overflows again within seconds: each such failed recovery doubles the clean
 * stretch the next one waits for, so a line that is simply too slow is not flooded every few
 * seconds. Pure: fed samples, says the cap.
 */

/** A second's loss this high means the line is overfull (random loss is mostly repaired by NACK). */
export const STRUGGLING_LOSS = 0.08;
/** Below this the line counts as clean. */
export const CLEAN_LOSS = 0.02;
/** How long a troubled line must stay clean before it counts as recovered (and the cap is lifted). */
export const CLEAN_BEFORE_LIFT_MS = 4_000;
/** An overfull line this soon after a recovery means the line cannot carry the top layer yet. */
export const LIFT_TRIAL_MS = 6_000;
/** The longest clean stretch failed recoveries make the guard wait for. */
export const MAX_CLEAN_BEFORE_LIFT_MS = 32_000;
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

/**
 * What a sample changed: `capped`, the line is overfull (ask every video for the lowest
 * layer); `recovered`, a troubled line has been clean for the stretch (the cap, if any, is
 * lifted, and the SFU should floor its estimate of the line: it fell with the loss, also
 * when the SFU lowered the layers itself before the loss reached the overfull mark).
 */
export type LineChange = 'capped' | 'recovered' | undefined;

export class ReceiveLineGuard {
  private last: ReceiveSample | undefined;
  private cap = TOP_LAYER;
  /** Some loss was seen since the line last recovered. */
  private troubled = false;
  private cleanSinceMs: number | undefined;
  private cleanNeededMs = CLEAN_BEFORE_LIFT_MS;
  private recoveredAtMs: number | undefined;

  /** The highest layer this device should ask for now. */
  get layerCap(): number {
    return this.cap;
  }

  /** Takes the next sample; says what changed. */
  add(sample: ReceiveSample): LineChange {
    const prev = this.last;
    if (prev && sample.atMs - prev.atMs < MIN_SAMPLE_SPAN_MS) return undefined;
    this.last = sample;
    if (!prev) return undefined;
    const loss = lineLoss(prev, sample);
    if (loss === undefined) return undefined;
    if (this.recoveredAtMs !== undefined && sample.atMs - this.recoveredAtMs >= LIFT_TRIAL_MS) {
      // The last recovery held: the next waits the usual stretch.
      this.recoveredAtMs = undefined;
      this.cleanNeededMs = CLEAN_BEFORE_LIFT_MS;
    }
    if (loss < CLEAN_LOSS) {
      this.cleanSinceMs ??= prev.atMs;
      if (!this.troubled || sample.atMs - this.cleanSinceMs < this.cleanNeededMs) return undefined;
      this.troubled = false;
      this.cap = TOP_LAYER;
      this.recoveredAtMs = sample.atMs;
      return 'recovered';
    }
    this.troubled = true;
    this.cleanSinceMs = undefined;
    // Some loss, not overfull: hold where we are.
    if (loss < STRUGGLING_LOSS) return undefined;
    // Overfull this soon after a recovery: the line cannot carry the top layer yet.
    if (this.recoveredAtMs !== undefined) this.cleanNeededMs = Math.min(2 * this.cleanNeededMs, MAX_CLEAN_BEFORE_LIFT_MS);
    this.recoveredAtMs = undefined;
    if (this.cap === 0) return undefined;
    // Straight to the lowest layer: its keyframe is small enough to get through an
    // overfull line quickly (a middle layer's took seconds), and the sound comes first.
    this.cap = 0;
    return 'capped';
  }
}
