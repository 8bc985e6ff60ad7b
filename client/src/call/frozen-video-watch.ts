/**
 * Finds remote videos that froze while their packets still arrive: a keyframe was lost on a
 * poor line (or the SFU switched layer and its keyframe did not get through whole), and the
 * decoder waits. The browser asks the sender for a new keyframe only after about 3 s without
 * a frame; a frozen picture that long is a class looking at a still. Pure: fed samples, says
 * which consumers to ask a keyframe for.
 */

/** No frame decoded for this long while packets arrive: the picture is frozen. */
export const FROZEN_BEFORE_KEYFRAME_MS = 1_000;

/** One video consumer's cumulative counters, as the browser's statistics give them. */
export interface VideoCounters {
  framesDecoded: number;
  packetsReceived: number;
}

interface Seen extends VideoCounters {
  lastFrameAtMs: number;
  askedAtMs?: number;
}

export class FrozenVideoWatch {
  private readonly seen = new Map<string, Seen>();

  /** Takes a sample of every video consumer; answers the ones to ask a keyframe for now. */
  add(atMs: number, byConsumer: Record<string, VideoCounters>): string[] {
    const frozen: string[] = [];
    for (const id of this.seen.keys()) if (!(id in byConsumer)) this.seen.delete(id);
    for (const [id, now] of Object.entries(byConsumer)) {
      const then = this.seen.get(id);
      // New, replaced (counters restarted) or decoding: the picture moves.
      if (!then || now.framesDecoded !== then.framesDecoded || now.packetsReceived < then.packetsReceived) {
        this.seen.set(id, { ...now, lastFrameAtMs: atMs });
        continue;
      }
      // Paused, or its sender sends nothing: nothing to decode, nothing frozen.
      const arriving = now.packetsReceived > then.packetsReceived;
      const stillFor = atMs - then.lastFrameAtMs;
      const askedLongAgo = then.askedAtMs === undefined || atMs - then.askedAtMs >= FROZEN_BEFORE_KEYFRAME_MS;
      if (arriving && stillFor >= FROZEN_BEFORE_KEYFRAME_MS && askedLongAgo) {
        frozen.push(id);
        then.askedAtMs = atMs;
      }
      then.packetsReceived = now.packetsReceived;
    }
    return frozen;
  }
}
