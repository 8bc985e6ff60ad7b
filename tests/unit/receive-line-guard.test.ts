import { describe, expect, it } from 'vitest';
import { CLEAN_BEFORE_LIFT_MS, ReceiveLineGuard, TOP_LAYER, lineLoss } from '../../client/src/call/receive-line-guard.js';

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

  it('judges the loss over about a second, whatever the sampling rate', () => {
    const guard = new ReceiveLineGuard();
    const at = (atMs: number, packetsReceived: number, packetsLost: number) => ({ atMs, bySender: { partner: { packetsReceived, packetsLost } } });
    guard.add(at(0, 1000, 0));
    // Half a second later, heavy loss: too soon to judge, kept for the next sample.
    expect(guard.add(at(500, 1050, 50))).toBe(false);
    expect(guard.layerCap).toBe(TOP_LAYER);
    // A second after the last judged sample: the loss over that second drops the layer.
    expect(guard.add(at(1000, 1100, 100))).toBe(true);
    expect(guard.layerCap).toBe(0);
  });

  it('ignores a sample with too few packets to judge, and counters that restarted', () => {
    const guard = new ReceiveLineGuard();
    const at = (atMs: number, packetsReceived: number, packetsLost: number) => ({ atMs, bySender: { partner: { packetsReceived, packetsLost } } });
    guard.add(at(0, 1000, 0));
    expect(guard.add(at(1000, 1005, 5))).toBe(false);
    // A replaced consumer: its counters start again from zero.
    expect(guard.add(at(2000, 10, 300))).toBe(false);
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
