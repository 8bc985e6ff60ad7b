import { describe, expect, it } from 'vitest';
import { CLEAN_BEFORE_STEP_UP_MS, ReceiveLineGuard, TOP_LAYER } from '../../client/src/call/receive-line-guard.js';

/** Feeds one sample a second with `lossShare` of 200 packets lost in each. */
function feeder(guard: ReceiveLineGuard) {
  let atMs = 0;
  let received = 0;
  let lost = 0;
  guard.add({ atMs, packetsReceived: 0, packetsLost: 0 });
  return (lossShare: number, seconds = 1) => {
    for (let i = 0; i < seconds; i++) {
      atMs += 1_000;
      lost += Math.round(200 * lossShare);
      received += 200 - Math.round(200 * lossShare);
      guard.add({ atMs, packetsReceived: received, packetsLost: lost });
    }
    return guard.layerCap;
  };
}

describe('ReceiveLineGuard', () => {
  it('asks for the top layer while the line is clean', () => {
    const feed = feeder(new ReceiveLineGuard());
    expect(feed(0, 10)).toBe(TOP_LAYER);
  });

  it('drops to the lowest layer within a second of an overfull line, and stays there while it is', () => {
    const feed = feeder(new ReceiveLineGuard());
    expect(feed(0.3)).toBe(0);
    expect(feed(0.3, 10)).toBe(0);
  });

  it('holds its layer on a line with some loss that is not overfull', () => {
    const feed = feeder(new ReceiveLineGuard());
    feed(0.3);
    expect(feed(0.04, 30)).toBe(0);
  });

  it('climbs back one layer per clean stretch once the line recovers', () => {
    const feed = feeder(new ReceiveLineGuard());
    feed(0.3, 5);
    expect(feed(0, CLEAN_BEFORE_STEP_UP_MS / 1000 - 1)).toBe(0);
    expect(feed(0)).toBe(1);
    expect(feed(0, CLEAN_BEFORE_STEP_UP_MS / 1000)).toBe(TOP_LAYER);
  });

  it('ignores a sample with too few packets to judge, and counters that restarted', () => {
    const guard = new ReceiveLineGuard();
    guard.add({ atMs: 0, packetsReceived: 1000, packetsLost: 0 });
    expect(guard.add({ atMs: 1000, packetsReceived: 1005, packetsLost: 5 })).toBe(false);
    // A replaced consumer: its counters start again from zero.
    expect(guard.add({ atMs: 2000, packetsReceived: 10, packetsLost: 300 })).toBe(false);
    expect(guard.layerCap).toBe(TOP_LAYER);
  });
});
