// Walks the whole authorisation table over HTTP: every role against every route, once on
// a target inside its scope and, where scope matters, once outside. Then bad input on
// every route: a clear 400 naming the field, and nothing changed.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { can, type Action, type Principal, type Role, type Target } from '../../shared/auth.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { ApiClient, listRoutes, useApi } from '../support/api-harness.js';
import { academicYearOf } from '../../server/safeguarding/retention-rules.js';

const api = useApi('authz_walk');
const id = () => new Types.ObjectId();
const P = id(); // the programme
const Q = id(); // another programme
const [A, B, C] = [id(), id(), id()]; // schools A, B in P; C in Q
const [a1, a2, b1, c1] = [id(), id(), id(), id()];
const [L1, L2] = [id(), id()]; // L1 = a1+b1 (teacher's link), L2 = a2+b1
const CALL = id(); // a call of L1
const ITEM = id(); // pupils' work of school A on L1, approved by both sides
const COMMENT = id(); // a comment on it by school B, approved
const CONCERN = id(); // a concern about CALL
const [EOI, EOI_Q] = [id(), id()]; // expressions of interest in P and in Q
const users: Record<string, { id: Types.ObjectId; grants: { role: Role; programmeId: Types.ObjectId; schoolId?: Types.ObjectId }[] }> = {
  coordinator: { id: id(), grants: [{ role: 'coordinator', programmeId: P }] },
  'programme-dsl': { id: id(), grants: [{ role: 'programme-dsl', programmeId: P }] },
  'school-dsl': { id: id(), grants: [{ role: 'school-dsl', programmeId: P, schoolId: A }] },
  teacher: { id: id(), grants: [{ role: 'teacher', programmeId: P, schoolId: A }] },
  head: { id: id(), grants: [{ role: 'head', programmeId: P, schoolId: A }] },
  outsider: { id: id(), grants: [{ role: 'coordinator', programmeId: Q }] },
};
const spare = id();

interface Case {
  route: string;
  url: string;
  action: Action | 'public' | 'authenticated';
  target: Target | null;
  body?: unknown;
  /** Log in again first (the case before ended the session). */
  fresh?: boolean;
}
const s = (x: Types.ObjectId) => x.toString();
const tgt = (programmeId: Types.ObjectId, schoolIds?: Types.ObjectId[], classIds?: Types.ObjectId[]): Target => ({
  programmeId: s(programmeId),
  ...(schoolIds ? { schoolIds: schoolIds.map(s) } : {}),
  ...(classIds ? { classIds: classIds.map(s) } : {}),
});

function cases(): Case[] {
  const list: Case[] = [];
  for (const [prog, inside] of [
    [P, true],
    [Q, false],
  ] as const) {
    const pid = s(prog);
    list.push(
      { route: 'GET /api/programmes/:programmeId', url: `/api/programmes/${pid}`, action: 'programme:read', target: tgt(prog) },
      {
        route: 'PATCH /api/programmes/:programmeId',
        url: `/api/programmes/${pid}`,
        action: 'programme:update',
        target: tgt(prog),
        body: { name: 'Renamed programme' },
      },
      { route: 'GET /api/programmes/:programmeId/schools', url: `/api/programmes/${pid}/schools`, action: 'programme:read', target: tgt(prog) },
      {
        route: 'POST /api/programmes/:programmeId/schools',
        url: `/api/programmes/${pid}/schools`,
        action: 'school:create',
        target: tgt(prog),
        body: { name: 'New School', postcode: 'ZZ9 9ZZ' },
      },
      { route: 'GET /api/programmes/:programmeId/classes', url: `/api/programmes/${pid}/classes`, action: 'programme:read', target: tgt(prog) },
      {
        route: 'POST /api/programmes/:programmeId/classes',
        url: `/api/programmes/${pid}/classes`,
        action: 'class:create',
        target: tgt(prog),
        body: { schoolId: s(inside ? A : C), name: '5X', yearGroup: 'Y5', pupilCount: 28 },
      },
      { route: 'GET /api/programmes/:programmeId/links', url: `/api/programmes/${pid}/links`, action: 'programme:read', target: tgt(prog) },
      {
        route: 'POST /api/programmes/:programmeId/links',
        url: `/api/programmes/${pid}/links`,
        action: 'link:create',
        target: tgt(prog),
        body: { classIds: [s(a1), s(b1)] },
      },
      {
        route: 'POST /api/programmes/:programmeId/invitations',
        url: `/api/programmes/${pid}/invitations`,
        action: 'invitation:create',
        target: tgt(prog),
        body: { email: 'invitee@example.test', role: 'programme-dsl' },
      },
      { route: 'GET /api/programmes/:programmeId/users', url: `/api/programmes/${pid}/users`, action: 'user:read', target: tgt(prog) },
      {
        route: 'PUT /api/programmes/:programmeId/users/:userId/grants',
        url: `/api/programmes/${pid}/users/${s(spare)}/grants`,
        action: 'user:change-roles',
        target: tgt(prog),
        body: { grants: [] },
      },
      {
        route: 'POST /api/programmes/:programmeId/users/:userId/password-reset',
        url: `/api/programmes/${pid}/users/${s(spare)}/password-reset`,
        action: 'user:change-roles',
        target: tgt(prog),
        body: {},
      },
      {
        route: 'GET /api/programmes/:programmeId/users/:userId/data-export',
        url: `/api/programmes/${pid}/users/${s(spare)}/data-export`,
        action: 'user:change-roles',
        target: tgt(prog),
      },
      // Without a reason: refused (403) to those who may not, answered 400 to those who may.
      {
        route: 'POST /api/programmes/:programmeId/users/:userId/erase',
        url: `/api/programmes/${pid}/users/${s(spare)}/erase`,
        action: 'user:change-roles',
        target: tgt(prog),
        body: {},
      },
      {
        route: 'GET /api/programmes/:programmeId/log',
        url: `/api/programmes/${pid}/log?schoolId=${s(inside ? A : C)}`,
        action: 'log:read',
        target: tgt(prog, [inside ? A : C]),
      },
      {
        route: 'GET /api/programmes/:programmeId/timeline',
        url: `/api/programmes/${pid}/timeline?schoolId=${s(inside ? A : C)}`,
        action: 'log:read',
        target: tgt(prog, [inside ? A : C]),
      },
      {
        route: 'POST /api/programmes/:programmeId/concerns',
        url: `/api/programmes/${pid}/concerns`,
        action: 'concern:raise',
        target: tgt(prog, [inside ? A : C]),
        body: { subject: { kind: 'none', schoolId: s(inside ? A : C) }, summary: 'A pupil said something worrying' },
      },
      // Listing: a school DSL sees the concerns of their school.
      {
        route: 'GET /api/programmes/:programmeId/concerns',
        url: `/api/programmes/${pid}/concerns`,
        action: 'concern:review',
        target: tgt(prog, [inside ? A : C]),
      },
      {
        route: 'POST /api/programmes/:programmeId/eois',
        url: `/api/programmes/${pid}/eois`,
        action: 'eoi:manage',
        target: tgt(prog),
        body: {
          schoolName: 'Hawthorn Primary',
          telephone: '01234 567890',
          email: 'office@hawthorn.example.test',
          headTeacher: 'Ms Head',
          classes: [{ yearGroup: 'Y4', count: 2 }],
          closenessMatters: false,
          exactYearNotEssential: true,
        },
      },
      { route: 'PATCH /api/eois/:eoiId', url: `/api/eois/${s(inside ? EOI : EOI_Q)}`, action: 'eoi:manage', target: tgt(prog), body: { priority: true } },
      { route: 'GET /api/programmes/:programmeId/impact', url: `/api/programmes/${pid}/impact?format=csv`, action: 'programme:read', target: tgt(prog) },
      { route: 'GET /api/programmes/:programmeId/eois', url: `/api/programmes/${pid}/eois`, action: 'eoi:manage', target: tgt(prog) },
      {
        route: 'POST /api/programmes/:programmeId/matching/run',
        url: `/api/programmes/${pid}/matching/run`,
        action: 'matching:run',
        target: tgt(prog),
        body: {},
      },
      { route: 'GET /api/programmes/:programmeId/matching', url: `/api/programmes/${pid}/matching`, action: 'matching:run', target: tgt(prog) },
      { route: 'GET /api/programmes/:programmeId/eoi-form', url: `/api/programmes/${pid}/eoi-form`, action: 'eoi:manage', target: tgt(prog) },
      { route: 'POST /api/programmes/:programmeId/eoi-form', url: `/api/programmes/${pid}/eoi-form`, action: 'eoi:manage', target: tgt(prog) },
      { route: 'DELETE /api/programmes/:programmeId/eoi-form', url: `/api/programmes/${pid}/eoi-form`, action: 'eoi:manage', target: tgt(prog) },
      // Allowed means past authorisation: with no run yet, a confirmation is a 409.
      {
        route: 'POST /api/programmes/:programmeId/matching/confirm',
        url: `/api/programmes/${pid}/matching/confirm`,
        action: 'matching:confirm',
        target: tgt(prog),
        body: { pairs: [[`${s(EOI)}:Y4:1`, `${s(EOI_Q)}:Y4:1`]] },
      },
      { route: 'GET /api/programmes/:programmeId/retention', url: `/api/programmes/${pid}/retention`, action: 'programme:read', target: tgt(prog) },
      {
        route: 'POST /api/programmes/:programmeId/retention/run',
        url: `/api/programmes/${pid}/retention/run`,
        action: 'retention:run',
        target: tgt(prog),
        body: {},
      },
    );
  }
  for (const [school, prog] of [
    [A, P],
    [B, P],
    [C, Q],
  ] as const) {
    list.push({
      route: 'PATCH /api/schools/:schoolId',
      url: `/api/schools/${s(school)}`,
      action: 'school:update',
      target: tgt(prog, [school]),
      body: { postcode: 'ZZ1 2AB' },
    });
  }
  for (const [cls, school, prog] of [
    [a1, A, P],
    [a2, A, P],
    [b1, B, P],
    [c1, C, Q],
  ] as const) {
    list.push({
      route: 'PATCH /api/classes/:classId',
      url: `/api/classes/${s(cls)}`,
      action: 'class:update',
      target: tgt(prog, [school], [cls]),
      body: { pupilCount: 27 },
    });
  }
  for (const [link, classes] of [
    [L1, [a1, b1]],
    [L2, [a2, b1]],
  ] as const) {
    const target = tgt(P, [A, B], [...classes]);
    list.push(
      { route: 'GET /api/links/:linkId', url: `/api/links/${s(link)}`, action: 'link:read', target },
      {
        route: 'POST /api/links/:linkId/progress',
        url: `/api/links/${s(link)}/progress`,
        action: 'link:progress',
        target,
        body: { milestoneKey: 'p1-call-1', done: true },
      },
      { route: 'POST /api/links/:linkId/confirm', url: `/api/links/${s(link)}/confirm`, action: 'link:confirm', target, body: {} },
      { route: 'POST /api/links/:linkId/end', url: `/api/links/${s(link)}/end`, action: 'link:end', target, body: {} },
      { route: 'POST /api/links/:linkId/calls', url: `/api/links/${s(link)}/calls`, action: 'call:start', target, body: {} },
      { route: 'GET /api/links/:linkId/calls', url: `/api/links/${s(link)}/calls`, action: 'call:join', target: tgt(P, [A, B]) },
      { route: 'GET /api/links/:linkId/call-records', url: `/api/links/${s(link)}/call-records`, action: 'log:read', target: tgt(P, [A, B]) },
    );
  }
  for (const [link, classes] of [
    [L1, [a1, b1]],
    [L2, [a2, b1]],
  ] as const) {
    const target = tgt(P, [A, B], [...classes]);
    list.push(
      { route: 'GET /api/links/:linkId/exchange', url: `/api/links/${s(link)}/exchange`, action: 'exchange:read', target },
      // Allowed means past authorisation: a JSON body is then refused as not an upload (400).
      { route: 'POST /api/links/:linkId/exchange', url: `/api/links/${s(link)}/exchange`, action: 'exchange:upload', target, body: {} },
      {
        route: 'POST /api/links/:linkId/exchange/letters',
        url: `/api/links/${s(link)}/exchange/letters`,
        action: 'exchange:upload',
        target,
        body: { title: 'Dear partners', text: 'Hello from us' },
      },
    );
  }
  const itemTarget = tgt(P, [A, B], [a1, b1]);
  list.push(
    { route: 'GET /api/exchange/:itemId/file', url: `/api/exchange/${s(ITEM)}/file`, action: 'exchange:read', target: itemTarget },
    { route: 'GET /api/exchange/:itemId/thumbnail', url: `/api/exchange/${s(ITEM)}/thumbnail`, action: 'exchange:read', target: itemTarget },
    { route: 'POST /api/exchange/:itemId/approve', url: `/api/exchange/${s(ITEM)}/approve`, action: 'exchange:approve', target: itemTarget, body: {} },
    {
      route: 'POST /api/exchange/:itemId/reject',
      url: `/api/exchange/${s(ITEM)}/reject`,
      action: 'exchange:approve',
      target: itemTarget,
      body: { reason: 'Not suitable' },
    },
    {
      route: 'POST /api/exchange/:itemId/comments',
      url: `/api/exchange/${s(ITEM)}/comments`,
      action: 'exchange:upload',
      target: itemTarget,
      body: { reaction: 'star' },
    },
    {
      route: 'POST /api/exchange/comments/:commentId/approve',
      url: `/api/exchange/comments/${s(COMMENT)}/approve`,
      action: 'exchange:approve',
      target: itemTarget,
      body: {},
    },
    {
      route: 'POST /api/exchange/comments/:commentId/reject',
      url: `/api/exchange/comments/${s(COMMENT)}/reject`,
      action: 'exchange:approve',
      target: itemTarget,
      body: { reason: 'Not suitable' },
    },
    {
      route: 'POST /api/exchange/:itemId/flag',
      url: `/api/exchange/${s(ITEM)}/flag`,
      action: 'exchange:flag',
      target: itemTarget,
      body: { reason: 'A concern to review' },
    },
    // Deleting is for the posting school's link teacher (school A's, here).
    { route: 'DELETE /api/exchange/:itemId', url: `/api/exchange/${s(ITEM)}`, action: 'exchange:upload', target: itemTarget },
  );
  list.push(
    { route: 'GET /api/calls/:callId', url: `/api/calls/${s(CALL)}`, action: 'call:join', target: tgt(P, [A, B]) },
    { route: 'GET /api/calls/:callId/media', url: `/api/calls/${s(CALL)}/media`, action: 'call:join', target: tgt(P, [A, B]) },
    { route: 'GET /api/calls/:callId/export', url: `/api/calls/${s(CALL)}/export?format=csv`, action: 'log:export', target: tgt(P, [A, B]) },
    { route: 'GET /api/concerns/:concernId', url: `/api/concerns/${s(CONCERN)}`, action: 'concern:review', target: tgt(P, [A, B]) },
    { route: 'GET /api/concerns/:concernId/export', url: `/api/concerns/${s(CONCERN)}/export?format=csv`, action: 'log:export', target: tgt(P, [A, B]) },
    // Allowed means past authorisation: after the first change, a repeat is a 400 (wrong status).
    {
      route: 'POST /api/concerns/:concernId/status',
      url: `/api/concerns/${s(CONCERN)}/status`,
      action: 'concern:review',
      target: tgt(P, [A, B]),
      body: { status: 'under-review', decision: 'Review it', reason: 'Raised by a teacher' },
    },
    { route: 'GET /api/notifications', url: '/api/notifications', action: 'authenticated', target: null },
    { route: 'POST /api/notifications/:notificationId/read', url: `/api/notifications/${s(spare)}/read`, action: 'authenticated', target: null, body: {} },
  );
  list.push(
    { route: 'GET /api/programmes', url: '/api/programmes', action: 'authenticated', target: null },
    {
      route: 'POST /api/programmes',
      url: '/api/programmes',
      action: 'programme:create',
      target: null,
      body: { name: 'Next year', localAuthority: 'Exampleshire', academicYear: '2026-27' },
    },
    { route: 'GET /api/invitations/:token', url: '/api/invitations/not-a-real-token-xxxxxxxx', action: 'public', target: null },
    {
      route: 'POST /api/invitations/:token/accept',
      url: '/api/invitations/not-a-real-token-xxxxxxxx/accept',
      action: 'public',
      target: null,
      body: { name: 'X', password: 'a long enough password' },
    },
    { route: 'GET /healthz', url: '/healthz', action: 'public', target: null },
    { route: 'POST /api/calls/by-code', url: '/api/calls/by-code', action: 'public', target: null, body: { code: 'ZZZZZZ', displayName: 'Class 4X' } },
    { route: 'GET /source', url: '/source', action: 'public', target: null },
    { route: 'POST /api/auth/password-reset', url: '/api/auth/password-reset', action: 'public', target: null, body: { email: 'nobody@example.test' } },
    { route: 'GET /api/password-resets/:token', url: '/api/password-resets/not-a-real-token-xxxxxxxx', action: 'public', target: null },
    {
      route: 'POST /api/password-resets/:token',
      url: '/api/password-resets/not-a-real-token-xxxxxxxx',
      action: 'public',
      target: null,
      body: { password: 'a long enough password' },
    },
    { route: 'GET /api/eoi-forms/:token', url: '/api/eoi-forms/not-a-real-token-xxxxxxxx', action: 'public', target: null },
    { route: 'POST /api/eoi-forms/:token', url: '/api/eoi-forms/not-a-real-token-xxxxxxxx', action: 'public', target: null, body: {} },
    { route: 'GET /api/auth/session', url: '/api/auth/session', action: 'authenticated', target: null },
    {
      route: 'POST /api/auth/login',
      url: '/api/auth/login',
      action: 'public',
      target: null,
      body: { email: 'nobody@example.test', password: 'wrong password' },
    },
    // Last: these end the walking session.
    { route: 'POST /api/auth/logout', url: '/api/auth/logout', action: 'authenticated', target: null, body: {} },
    { route: 'POST /api/auth/logout-everywhere', url: '/api/auth/logout-everywhere', action: 'authenticated', target: null, body: {}, fresh: true },
  );
  return list;
}

async function seed() {
  const { models, createUser } = api();
  // This school year: the retention run in the walk must find nothing due yet.
  const programme = { localAuthority: 'Exampleshire', academicYear: academicYearOf(new Date()), retention: DEFAULT_RETENTION, plan: SCHOOLS_LINKING_TEMPLATE };
  await models.Programme.create([
    { _id: P, name: 'P', ...programme },
    { _id: Q, name: 'Q', ...programme },
  ]);
  await models.School.create([
    { _id: A, programmeId: P, name: 'A', postcode: 'ZZ1 1AA' },
    { _id: B, programmeId: P, name: 'B', postcode: 'ZZ1 1AB' },
    { _id: C, programmeId: Q, name: 'C', postcode: 'ZZ1 1AC' },
  ]);
  for (const [role, u] of Object.entries(users)) {
    const created = await createUser(`${role}@example.test`, u.grants);
    await models.User.updateOne({ _id: created }, { $set: { _id: u.id } }).catch(() => undefined);
    u.id = new Types.ObjectId(created);
  }
  await createUser('spare@example.test', [{ role: 'head', programmeId: P, schoolId: A }])
    .then((x) => models.User.findById(x))
    .then((u) => (spareId = u!.id));
  await models.Class.create([
    { _id: a1, programmeId: P, schoolId: A, name: '4A', yearGroup: 'Y4', pupilCount: 30, teacherIds: [users.teacher!.id] },
    { _id: a2, programmeId: P, schoolId: A, name: '4B', yearGroup: 'Y4', pupilCount: 29 },
    { _id: b1, programmeId: P, schoolId: B, name: '4C', yearGroup: 'Y4', pupilCount: 31 },
    { _id: c1, programmeId: Q, schoolId: C, name: '4D', yearGroup: 'Y4', pupilCount: 25 },
  ]);
  await models.Link.create([
    { _id: L1, programmeId: P, classIds: [a1, b1], schoolIds: [A, B], status: 'confirmed' },
    { _id: L2, programmeId: P, classIds: [a2, b1], schoolIds: [A, B], status: 'confirmed' },
  ]);
  await models.ExchangeItem.create({
    _id: ITEM,
    programmeId: P,
    linkId: L1,
    fromSchoolId: A,
    kind: 'letter',
    title: 'Hello',
    text: 'Hello from 4A',
    by: { kind: 'user', id: 'seed', label: 'Seed' },
    senderApproval: 'approved',
    receiverApproval: 'not-required',
  });
  await models.ExchangeComment.create({
    _id: COMMENT,
    itemId: ITEM,
    linkId: L1,
    fromSchoolId: B,
    by: { kind: 'user', id: 'seed', label: 'Seed' },
    text: 'Lovely',
    senderApproval: 'approved',
    receiverApproval: 'not-required',
  });
  const eoiFields = {
    schoolKey: 'hazel primary',
    schoolName: 'Hazel Primary',
    telephone: '01234 567890',
    email: 'office@hazel.example.test',
    headTeacher: 'Mr Head',
    classes: [{ yearGroup: 'Y4', count: 1 }],
    closenessMatters: true,
    exactYearNotEssential: true,
    submittedAt: new Date(),
  };
  await models.Eoi.create([
    { _id: EOI, programmeId: P, ...eoiFields },
    { _id: EOI_Q, programmeId: Q, ...eoiFields },
  ]);
  await models.Concern.create({
    _id: CONCERN,
    programmeId: P,
    schoolIds: [A, B],
    linkId: L1,
    callId: CALL,
    subject: { kind: 'call', callId: s(CALL) },
    summary: 'Seeded concern',
    raisedBy: { kind: 'user', id: 'seed', label: 'Seed' },
  });
  await models.Call.create({
    _id: CALL,
    programmeId: P,
    linkId: L1,
    schoolIds: [A, B],
    title: 'First call',
    agenda: [{ title: 'Welcome', durationMin: 5 }],
    devices: [{ classId: a1, schoolId: A, className: '4A', code: 'ACDEFG' }],
    createdBy: users.teacher!.id,
  });
}
let spareId = '';

function principalOf(role: string): Principal | null {
  const u = users[role];
  if (!u) return null;
  return {
    userId: s(u.id),
    grants: u.grants.map((g) => ({ role: g.role, programmeId: s(g.programmeId), ...(g.schoolId ? { schoolId: s(g.schoolId) } : {}) })),
    classIds: role === 'teacher' ? [s(a1)] : [],
  };
}

describe('authorisation walk', () => {
  beforeAll(seed);

  it('covers every route the server has', () => {
    const covered = new Set(cases().map((c) => c.route));
    expect(listRoutes(api().app).filter((r) => !covered.has(r))).toEqual([]);
  });

  for (const role of [...Object.keys(users), 'anonymous']) {
    it(`enforces the table for ${role}`, async () => {
      const client = new ApiClient(api().baseUrl);
      if (role !== 'anonymous') await client.login(`${role}@example.test`);
      const wrong: string[] = [];
      for (const c of cases()) {
        const principal = principalOf(role);
        const expected = c.action === 'public' ? true : c.action === 'authenticated' ? !!principal : !!principal && can(principal, c.action, c.target);
        const url = c.url.replace(s(spare), spareId);
        if (c.fresh && principal) await client.login(`${role}@example.test`);
        const res = await client.request(c.route.split(' ')[0]!, url, c.body);
        // A public route may still answer 401 (a wrong password): only 403 means refused there.
        const denied = res.status === 403 || (c.action !== 'public' && res.status === 401);
        if (denied === expected)
          wrong.push(`${c.route} (${url}): expected ${expected ? 'allowed' : 'denied'}, got ${res.status} ${JSON.stringify(res.body?.error ?? '')}`);
        if (!principal && c.action !== 'public' && res.status !== 401) wrong.push(`${c.route}: anonymous should get 401, got ${res.status}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
