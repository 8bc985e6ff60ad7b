// The limit on class devices' join-code look-ups: at most JOIN_LOOKUPS_PER_MINUTE per
// client address, taken *before* the look-up (atomically: a burst of 300 messages gets
// 10 look-ups, however they arrive). A code that opens a call gives its point back, so a
// classroom that typed it right is never held up by others' mistakes. Refusals beyond the
// limit are not logged one by one: each address's refusals in a minute become one event
// with their count (`call.join-rate-limited`), so a flood cannot flood the log.
// Codes are the server's, not one call's: while anyone is being refused, every call's
// teachers are told someone is guessing codes (`noticeOf`), so they let in only classes
// they recognise.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export const JOIN_LOOKUPS_PER_MINUTE = 10;
export const FLOOD_WINDOW_MS = 60_000;
/** How long teachers are shown that someone was refused for guessing. */
export const GUESSING_NOTICE_MS = 10 * 60_000;
/** While refusals go on, teachers' counts are refreshed at most this often. */
export const NOTICE_REFRESH_MS = 3_000;

/** What teachers are told: refusals in the last GUESSING_NOTICE_MS, from how many addresses. */
export interface GuessingNotice {
  refused: number;
  addresses: number;
  since: Date;
}

export interface FloodReport {
  address: string;
  refused: number;
  from: Date;
  to: Date;
}

/** The join-code look-up counter: in this process, or in the Redis all nodes share. */
export function joinLimiter(redis?: Redis): RateLimiterAbstract {
  const opts = { points: JOIN_LOOKUPS_PER_MINUTE, duration: FLOOD_WINDOW_MS / 1000 };
  return redis ? new RateLimiterRedis({ ...opts, storeClient: redis, keyPrefix: 'linkroom:join-lookups' }) : new RateLimiterMemory(opts);
}

export class JoinGuard {
  private readonly floods = new Map<string, { refused: number; from: Date; timer: NodeJS.Timeout }>();
  /** Floods reported in the last GUESSING_NOTICE_MS, for the teachers' notice. */
  private readonly recent: FloodReport[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshDue = false;

  constructor(
    private readonly report: (flood: FloodReport) => Promise<unknown>,
    /** Called when the notice changes: at once when an address starts being refused, then at most every NOTICE_REFRESH_MS. */
    private readonly noticed: () => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
    /** Where the look-ups are counted: this process, or (several nodes) Redis — see joinLimiter. */
    private readonly limiter: RateLimiterAbstract = joinLimiter(),
  ) {}

  /** Someone guessing codes on this server lately, or null. */
  noticeOf(): GuessingNotice | null {
    const cutoff = this.now().getTime() - GUESSING_NOTICE_MS;
    while (this.recent.length && this.recent[0]!.to.getTime() < cutoff) this.recent.shift();
    const all = [...this.recent, ...[...this.floods.entries()].map(([address, f]) => ({ address, refused: f.refused, from: f.from, to: this.now() }))];
    if (all.length === 0) return null;
    return {
      refused: all.reduce((n, f) => n + f.refused, 0),
      addresses: new Set(all.map((f) => f.address)).size,
      since: new Date(Math.min(...all.map((f) => f.from.getTime()))),
    };
  }

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
      this.refreshLater();
      return;
    }
    const timer = setTimeout(() => void this.flush(address), FLOOD_WINDOW_MS);
    timer.unref();
    this.floods.set(address, { refused: 1, from: this.now(), timer });
    this.noticed();
    this.refreshLater();
  }

  private refreshLater(): void {
    this.refreshDue = true;
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (!this.refreshDue) return;
      this.refreshDue = false;
      this.noticed();
    }, NOTICE_REFRESH_MS);
    this.refreshTimer.unref();
  }

  private async flush(address: string): Promise<void> {
    const flood = this.floods.get(address);
    if (!flood) return;
    this.floods.delete(address);
    clearTimeout(flood.timer);
    const report = { address, refused: flood.refused, from: flood.from, to: this.now() };
    this.recent.push(report);
    await this.report(report).catch(() => undefined);
  }

  /** At shutdown: every pending count is reported. */
  async close(): Promise<void> {
    clearTimeout(this.refreshTimer);
    await Promise.all([...this.floods.keys()].map((a) => this.flush(a)));
  }
}
