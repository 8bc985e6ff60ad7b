import { describe, expect, it } from 'vitest';
import { regroup, type RegroupContext } from '../../server/matching/regroup.js';

// School 0's year group (classes 0 and 1) is split: 0 with school 1's class 2, 1 with
// school 2's class 3. School 2 also has class 4, free. Held to school 2, the group is
// together (0–4, 1–3), as many classes stay linked, and the together points are won.
const classes = [
  { school: 0, group: 0 },
  { school: 0, group: 0 },
  { school: 1, group: 1 },
  { school: 2, group: 2 },
  { school: 2, group: 2 },
];
const pairs: [number, number, number][] = [
  [0, 2, 10],
  [1, 3, 10],
  [0, 4, 6],
  [1, 2, 4],
  [0, 3, 6],
];
const context = (togetherValue: number): RegroupContext => ({
  classes,
  pairA: Int32Array.from(pairs, (p) => p[0]),
  pairB: Int32Array.from(pairs, (p) => p[1]),
  pairScaled: Float64Array.from(pairs, (p) => p[2]),
  isPartnerPair: new Uint8Array(pairs.length),
  groups: new Map([
    [0, { members: [0, 1], hosts: new Set([2]) }],
    [1, { members: [2], hosts: new Set<number>() }],
    [2, { members: [3, 4], hosts: new Set([0]) }],
  ]),
  lockedMate: new Int32Array(classes.length).fill(-1),
  togetherValue,
  tiers: { partner: 0, linked: 10_000, restricted: 100 },
});
const split = Int32Array.of(2, 3, 0, 1, -1);

describe('regroup', () => {
  it('holds a split year group to one school when that wins its together points', () => {
    const { mate, gain } = regroup(context(40), split, 10);
    expect([mate[0], mate[1]].map((c) => classes[c!]!.school)).toEqual([2, 2]);
    // Pairs 10 + 10 became 6 + 10, and two groups (0 and 2) are now together: +80 − 4.
    expect(gain).toBe(76);
    for (let c = 0; c < classes.length; c++) if (mate[c]! >= 0) expect(mate[mate[c]!]).toBe(c);
  });

  it('keeps the answer when moving the group would not pay', () => {
    const { mate, gain } = regroup(context(1), split, 10);
    expect([...mate]).toEqual([...split]);
    expect(gain).toBe(0);
  });

  it('stops at its budget of moves', () => {
    expect(regroup(context(40), split, 0)).toMatchObject({ gain: 0, solves: 0 });
  });
});
