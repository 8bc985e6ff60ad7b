import { describe, expect, it } from 'vitest';
import { ACTIONS, AUTH_TABLE, ROLES, can, type Principal } from '../../shared/auth.js';

const P = 'p1';
const principal = (grants: Principal['grants'], classIds: string[] = []): Principal => ({ userId: 'u', grants, classIds });

describe('the authorisation table', () => {
  it('names only known actions', () => {
    for (const role of ROLES) for (const action of Object.keys(AUTH_TABLE[role])) expect(ACTIONS).toContain(action);
  });

  it('gives a coordinator the whole programme and nothing in another', () => {
    const c = principal([{ role: 'coordinator', programmeId: P }]);
    expect(can(c, 'link:create', { programmeId: P })).toBe(true);
    expect(can(c, 'link:create', { programmeId: 'p2' })).toBe(false);
    expect(can(c, 'programme:create', null)).toBe(true);
    expect(can(c, 'log:read', { programmeId: P })).toBe(false);
  });

  it('lets a school DSL read only their school, and its log', () => {
    const d = principal([{ role: 'school-dsl', programmeId: P, schoolId: 'sA' }]);
    expect(can(d, 'link:read', { programmeId: P, schoolIds: ['sA', 'sB'] })).toBe(true);
    expect(can(d, 'link:read', { programmeId: P, schoolIds: ['sB', 'sC'] })).toBe(false);
    expect(can(d, 'log:read', { programmeId: P, schoolIds: ['sA'] })).toBe(true);
    expect(can(d, 'log:read', { programmeId: P })).toBe(false);
    expect(can(d, 'link:create', { programmeId: P })).toBe(false);
  });

  it("lets a teacher see and progress only their own classes' links", () => {
    const t = principal([{ role: 'teacher', programmeId: P, schoolId: 'sA' }], ['a1']);
    expect(can(t, 'link:read', { programmeId: P, schoolIds: ['sA', 'sB'], classIds: ['a1', 'b1'] })).toBe(true);
    expect(can(t, 'link:read', { programmeId: P, schoolIds: ['sA', 'sB'], classIds: ['a2', 'b1'] })).toBe(false);
    expect(can(t, 'link:progress', { programmeId: P, classIds: ['a1', 'b1'] })).toBe(true);
    expect(can(t, 'link:confirm', { programmeId: P, classIds: ['a1', 'b1'] })).toBe(false);
  });

  it('keeps a head teacher read-only, except that any member of staff may raise a safeguarding concern', () => {
    const h = principal([{ role: 'head', programmeId: P, schoolId: 'sA' }]);
    expect(can(h, 'concern:raise', { programmeId: P, schoolIds: ['sA'] })).toBe(true);
    expect(can(h, 'concern:raise', { programmeId: P, schoolIds: ['sB'] })).toBe(false);
    const writes = ACTIONS.filter((a) => !a.endsWith(':read') && a !== 'concern:raise');
    for (const action of writes) expect(can(h, action, { programmeId: P, schoolIds: ['sA'], classIds: ['a1'] })).toBe(false);
    expect(can(h, 'link:read', { programmeId: P, schoolIds: ['sA'] })).toBe(true);
  });

  it('denies everything to a user without grants', () => {
    for (const action of ACTIONS) expect(can(principal([]), action, { programmeId: P, schoolIds: ['sA'], classIds: ['a1'] })).toBe(false);
  });

  it('combines grants: a teacher who is also the school DSL', () => {
    const both = principal([
      { role: 'teacher', programmeId: P, schoolId: 'sA' },
      { role: 'school-dsl', programmeId: P, schoolId: 'sA' },
    ]);
    expect(can(both, 'log:read', { programmeId: P, schoolIds: ['sA'] })).toBe(true);
    expect(can(both, 'link:read', { programmeId: P, schoolIds: ['sA', 'sB'], classIds: ['x', 'y'] })).toBe(true);
  });
});
