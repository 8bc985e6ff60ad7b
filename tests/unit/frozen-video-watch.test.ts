import { describe, expect, it } from 'vitest';
import { FROZEN_BEFORE_KEYFRAME_MS, FrozenVideoWatch } from '../../client/src/call/frozen-video-watch.js';

const SAMPLE_MS = 500;

describe('FrozenVideoWatch', () => {
  it('asks for a keyframe once a picture has not moved for a second while its packets arrive', () => {
    const watch = new FrozenVideoWatch();
    expect(watch.add(0, { partner: { framesDecoded: 10, packetsReceived: 100 } })).toEqual([]);
    expect(watch.add(SAMPLE_MS, { partner: { framesDecoded: 10, packetsReceived: 150 } })).toEqual([]);
    expect(watch.add(FROZEN_BEFORE_KEYFRAME_MS, { partner: { framesDecoded: 10, packetsReceived: 200 } })).toEqual(['partner']);
  });

  it('asks again at most once a second while the picture stays frozen, and not once it moves', () => {
    const watch = new FrozenVideoWatch();
    watch.add(0, { partner: { framesDecoded: 10, packetsReceived: 100 } });
    const asks: number[] = [];
    let packets = 100;
    for (let at = SAMPLE_MS; at <= 3_000; at += SAMPLE_MS) {
      packets += 50;
      if (watch.add(at, { partner: { framesDecoded: 10, packetsReceived: packets } }).length) asks.push(at);
    }
    expect(asks).toEqual([1_000, 2_000, 3_000]);
    expect(watch.add(3_500, { partner: { framesDecoded: 11, packetsReceived: packets + 50 } })).toEqual([]);
    expect(watch.add(4_000, { partner: { framesDecoded: 11, packetsReceived: packets + 100 } })).toEqual([]);
  });

  it('leaves a paused or silent stream alone: no packets, nothing frozen', () => {
    const watch = new FrozenVideoWatch();
    for (let at = 0; at <= 5_000; at += SAMPLE_MS) expect(watch.add(at, { paused: { framesDecoded: 3, packetsReceived: 40 } })).toEqual([]);
  });

  it('starts afresh for a replaced consumer and forgets one that is gone', () => {
    const watch = new FrozenVideoWatch();
    watch.add(0, { a: { framesDecoded: 50, packetsReceived: 500 } });
    // Counters restarted (a new consumer under the same id): a new start, not a frozen picture.
    expect(watch.add(1_000, { a: { framesDecoded: 0, packetsReceived: 20 } })).toEqual([]);
    expect(watch.add(1_500, {})).toEqual([]);
    expect(watch.add(2_500, { a: { framesDecoded: 0, packetsReceived: 60 } })).toEqual([]);
  });
});
