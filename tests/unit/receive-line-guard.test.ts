import { describe, expect, it } from 'vitest';
import {
  CLEAN_BEFORE_LIFT_MS,
  LIFT_TRIAL_MS,
  MAX_CLEAN_BEFORE_LIFT_MS,
  ReceiveLineGuard,
  TOP_LAYER,
  lineLoss,
} from '../../client/src/call/receive-line-guard.js';

const PACKETS_PER_SECOND = 200;

/**
 * Feeds one sample a second from the given senders; `lossShare` of each sender's 200 packets
 * a second are lost (one share for all, or one per sender).
 */
function feeder(guard: ReceiveLineGuard, senders = ['partner']) {
  let atMs = 0;
  const counts = Object.fromEntries(senders.map((s) => [s, { packetsReceived: 0, packetsLost: 0 }]));
  const sample = () => ({ atMs, bySender: structuredClone(counts) });
  guard.add(sample());
  return (lossShare: number | Record<string, number>, seconds = 1) => {
    for (let i = 0; i < seconds; i++) {
      atMs += 1_000;
      for (const s of senders) {
        const lost = Math.round(PACKETS_PER_SECOND * (typeof lossShare === 'number' ? lossShare : (lossShare[s] ?? 0)));
        counts[s]!.packetsLost += lost;
        counts[s]!.packetsReceived += PACKETS_PER_SECOND - lost;
      }
      guard.add(sample());
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

  it('drops when every sender’s streams lose packets: the loss is on this device’s line', () => {
    const feed = feeder(new ReceiveLineGuard(), ['teacher', 'partner', 'other-teacher']);
    expect(feed({ teacher: 0.2, partner: 0.5, 'other-teacher': 0.1 })).toBe(0);
  });

  it('keeps its layer when only one sender’s streams lose packets: that loss is on the sender’s line', () => {
    const feed = feeder(new ReceiveLineGuard(), ['teacher', 'lossy-class', 'other-teacher']);
    expect(feed({ 'lossy-class': 0.4 }, 10)).toBe(TOP_LAYER);
  });

  it('holds its layer on a line with some loss that is not overfull', () => {
    const feed = feeder(new ReceiveLineGuard());
    feed(0.3);
    expect(feed(0.04, 30)).toBe(0);
  });

  it('lifts the cap after a clean stretch once the line recovers, and not before', () => {
    const feed = feeder(new ReceiveLineGuard());
    feed(0.3, 5);
    expect(feed(0, CLEAN_BEFORE_LIFT_MS / 1000 - 1)).toBe(0);
    expect(feed(0)).toBe(TOP_LAYER);
  });

  it('starts the clean stretch again after a lossy second', () => {
    const feed = feeder(new ReceiveLineGuard());
    feed(0.3);
    feed(0, CLEAN_BEFORE_LIFT_MS / 1000 - 1);
    feed(0.04);
    expect(feed(0, CLEAN_BEFORE_LIFT_MS / 1000 - 1)).toBe(0);
    expect(feed(0)).toBe(TOP_LAYER);
  });

  it('says a line that lost some packets (not overfull) has recovered after a clean stretch, once', () => {
    const guard = new ReceiveLineGuard();
    const changes: string[] = [];
    let atMs = 0;
    let packetsReceived = 0;
    let packetsLost = 0;
    const second = (lossShare: number) => {
      atMs += 1_000;
      packetsLost += PACKETS_PER_SECOND * lossShare;
      packetsReceived += PACKETS_PER_SECOND * (1 - lossShare);
      const change = guard.add({ atMs, bySender: { partner: { packetsReceived, packetsLost } } });
      if (change) changes.push(`${atMs / 1000}s ${change}`);
    };
    guard.add({ atMs, bySender: { partner: { packetsReceived, packetsLost } } });
    for (let i = 0; i < 3; i++) second(0);
    // The SFU lowered the layer by itself while the line lost 5 %: nothing capped here…
    for (let i = 0; i < 5; i++) second(0.05);
    // …but the SFU's estimate fell: once the line is clean for the stretch, it is floored.
    for (let i = 0; i < 20; i++) second(0);
    expect(changes).toEqual([`${8 + CLEAN_BEFORE_LIFT_MS / 1000}s recovered`]);
    expect(guard.layerCap).toBe(TOP_LAYER);
  });

  it('waits twice as long before lifting again after a lift the line could not carry, up to a limit', () => {
    const feed = feeder(new ReceiveLineGuard());
    feed(0.3);
    const waits = [CLEAN_BEFORE_LIFT_MS, 2 * CLEAN_BEFORE_LIFT_MS, 4 * CLEAN_BEFORE_LIFT_MS, MAX_CLEAN_BEFORE_LIFT_MS, MAX_CLEAN_BEFORE_LIFT_MS];
    for (const waitMs of waits) {
      expect(feed(0, waitMs / 1000 - 1)).toBe(0);
      expect(feed(0)).toBe(TOP_LAYER);
      // Overfull again two seconds after the lift: the line cannot carry the top layer yet.
      feed(0);
      expect(feed(0.3)).toBe(0);
    }
  });

  it('waits the usual clean stretch again once a lift has held', () => {
    const feed = feeder(new ReceiveLineGuard());
    feed(0.3);
    feed(0, CLEAN_BEFORE_LIFT_MS / 1000);
    feed(0.3);
    // That lift failed: the next waits twice as long, and holds.
    expect(feed(0, (2 * CLEAN_BEFORE_LIFT_MS) / 1000)).toBe(TOP_LAYER);
    feed(0, LIFT_TRIAL_MS / 1000);
    // Much later the line fills up again (another class started streaming): the usual wait.
    feed(0.3);
    expect(feed(0, CLEAN_BEFORE_LIFT_MS / 1000)).toBe(TOP_LAYER);
  });

  it('judges the loss over about a second, whatever the sampling rate', () => {
    const guard = new ReceiveLineGuard();
    const at = (atMs: number, packetsReceived: number, packetsLost: number) => ({ atMs, bySender: { partner: { packetsReceived, packetsLost } } });
    guard.add(at(0, 1000, 0));
    // Half a second later, heavy loss: too soon to judge, kept for the next sample.
    expect(guard.add(at(500, 1050, 50))).toBeUndefined();
    expect(guard.layerCap).toBe(TOP_LAYER);
    // A second after the last judged sample: the loss over that second drops the layer.
    expect(guard.add(at(1000, 1100, 100))).toBe('capped');
    expect(guard.layerCap).toBe(0);
  });

  it('ignores a sample with too few packets to judge, and counters that restarted', () => {
    const guard = new ReceiveLineGuard();
    const at = (atMs: number, packetsReceived: number, packetsLost: number) => ({ atMs, bySender: { partner: { packetsReceived, packetsLost } } });
    guard.add(at(0, 1000, 0));
    expect(guard.add(at(1000, 1005, 5))).toBeUndefined();
    // A replaced consumer: its counters start again from zero.
    expect(guard.add(at(2000, 10, 300))).toBeUndefined();
    expect(guard.layerCap).toBe(TOP_LAYER);
  });
});

describe('lineLoss', () => {
  const counters = (packetsReceived: number, packetsLost: number) => ({ packetsReceived, packetsLost });

  it('is the least loss of the senders that sent enough to judge', () => {
    const prev = { atMs: 0, bySender: { a: counters(0, 0), b: counters(0, 0), quiet: counters(0, 0) } };
    const next = { atMs: 1000, bySender: { a: counters(90, 10), b: counters(80, 20), quiet: counters(2, 3) } };
    expect(lineLoss(prev, next)).toBeCloseTo(0.1);
  });

  it('says nothing of a sender first seen in this sample, or when none sent enough', () => {
    const prev = { atMs: 0, bySender: { a: counters(0, 0) } };
    expect(lineLoss(prev, { atMs: 1000, bySender: { a: counters(5, 5), b: counters(500, 100) } })).toBeUndefined();
  });
});
