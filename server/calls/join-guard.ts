// The limit on class devices' join-code look-ups: at most JOIN_LOOKUPS_PER_MINUTE per
// client address, taken *before* the look-up (atomically: a burst of 300 messages gets
// 10 look-ups, however they arrive). A code that opens a call gives its point back, so a
// classroom that typed it right is never held up by others' mistakes. Refusals beyond the
// limit are not logged one by one: each address's refusals in a minute become one event
// with their count (`call.join-rate-limited`), so a flood cannot flood the log.
import { RateLimiterMemory } from 'rate-limiter-flexible';

export const JOIN_LOOKUPS_PER_MINUTE = 10;
export const FLOOD_WINDOW_MS = 60_000;

export interface FloodReport {
  address: string;
  refused: number;
  from: Date;
  to: Date;
}

export class JoinGuard {
  private readonly limiter = new RateLimiterMemory({ points: JOIN_LOOKUPS_PER_MINUTE, duration: FLOOD_WINDOW_MS / 1000 });
  private readonly floods = new Map<string, { refused: number; from: Date; timer: NodeJS.Timeout }>();

  constructor(private readonly report: (flood: FloodReport) => Promise<unknown>) {}

  /** Takes a look-up for the address; false (and the refusal counted) when none is left. */
  async take(address: string): Promise<boolean> {
    const ok = await this.limiter.consume(address).then(
      () => true,
      () => false,
    );
    if (!ok) this.refused(address);
    return ok;
  }

  /** The code opened a call: the look-up is given back. */
  async giveBack(address: string): Promise<void> {
    await this.limiter.reward(address, 1);
  }

  private refused(address: string): void {
    const flood = this.floods.get(address);
    if (flood) {
      flood.refused++;
      return;
    }
    const timer = setTimeout(() => void this.flush(address), FLOOD_WINDOW_MS);
    timer.unref();
    this.floods.set(address, { refused: 1, from: new Date(), timer });
  }

  private async flush(address: string): Promise<void> {
    const flood = this.floods.get(address);
    if (!flood) return;
    this.floods.delete(address);
    clearTimeout(flood.timer);
    await this.report({ address, refused: flood.refused, from: flood.from, to: new Date() }).catch(() => undefined);
  }

  /** At shutdown: every pending count is reported. */
  async close(): Promise<void> {
    await Promise.all([...this.floods.keys()].map((a) => this.flush(a)));
  }
}
