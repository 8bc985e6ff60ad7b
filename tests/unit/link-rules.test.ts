import { describe, expect, it } from 'vitest';
import { checkNewLink, describeViolation, type ClassFacts } from '../../server/programme/link-rules.js';

const classes: ClassFacts[] = [
  { id: 'a1', programmeId: 'p', schoolId: 'A' },
  { id: 'a2', programmeId: 'p', schoolId: 'A' },
  { id: 'b1', programmeId: 'p', schoolId: 'B' },
  { id: 'c1', programmeId: 'p', schoolId: 'C' },
  { id: 'x1', programmeId: 'other', schoolId: 'X' },
];
const check = (ids: string[], active: [string, string][] = [], allow = false) =>
  checkNewLink({
    programmeId: 'p',
    requestedClassIds: ids,
    classes: classes.filter((c) => ids.includes(c.id)),
    activeLinkOfClass: new Map(active),
    allowClassInSeveralLinks: allow,
  });

describe('checkNewLink', () => {
  it('accepts classes of different schools', () => {
    expect(check(['a1', 'b1'])).toEqual([]);
    expect(check(['a1', 'b1', 'c1'])).toEqual([]);
  });

  it('refuses two classes of the same school', () => {
    expect(check(['a1', 'a2'])).toEqual([{ code: 'same-school', classIds: ['a1', 'a2'], schoolId: 'A' }]);
  });

  it('refuses unknown, repeated and other-programme classes', () => {
    expect(check(['a1', 'zz'])).toEqual([{ code: 'class-not-found', classId: 'zz' }]);
    expect(check(['a1', 'a1'])).toEqual([{ code: 'duplicate-class', classId: 'a1' }]);
    expect(check(['a1', 'x1'])).toEqual([{ code: 'class-not-in-programme', classId: 'x1' }]);
  });

  it('refuses a class already in an active link unless the coordinator allows it', () => {
    expect(check(['a1', 'c1'], [['a1', 'L1']])).toEqual([{ code: 'class-already-linked', classId: 'a1', linkId: 'L1' }]);
    expect(check(['a1', 'c1'], [['a1', 'L1']], true)).toEqual([]);
  });

  it('describes each violation in words', () => {
    for (const v of [...check(['a1', 'a2']), ...check(['a1', 'zz']), ...check(['a1', 'c1'], [['a1', 'L1']])]) {
      expect(describeViolation(v).length).toBeGreaterThan(10);
    }
  });
});
