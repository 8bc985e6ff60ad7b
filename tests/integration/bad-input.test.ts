// Bad input on every route: a 400 that names the field (or a clear conflict), never a
// 500, and nothing changed — no document, no log event.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { ApiClient, useApi } from '../support/api-harness.js';

const api = useApi('bad_input');
const P = new Types.ObjectId();
const [A, B] = [new Types.ObjectId(), new Types.ObjectId()];
const [a1, a2, b1] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
const L = new Types.ObjectId();
let coord: ApiClient;
let dsl: ApiClient;
let teacher: ApiClient;
let userId = '';

async function snapshot() {
  const { models, log } = api();
  const counts: Record<string, number> = {};
  for (const [name, model] of Object.entries(models)) if (name !== 'Session') counts[name] = await model.countDocuments();
  const docs = JSON.stringify(
    await Promise.all([
      models.Programme.find().lean(),
      models.School.find().lean(),
      models.Class.find().lean(),
      models.Link.find().lean(),
      models.User.find().lean(),
    ]),
  );
  return { counts, docs, head: (await log.verify()).headSeq };
}

type Bad = [method: string, path: () => string, body: unknown, status: number, mention: string, who?: 'dsl' | 'teacher'];
const bad: Bad[] = [
  ['POST', () => '/api/auth/login', { email: 'not-an-email', password: 'x' }, 400, 'body.email'],
  ['POST', () => '/api/auth/login', { email: 'a@example.test', password: 'x', remember: true }, 400, 'remember'],
  ['POST', () => '/api/auth/logout', { everywhere: true }, 400, 'everywhere'],
  ['POST', () => '/api/auth/logout-everywhere', { now: 1 }, 400, 'now'],
  ['POST', () => '/api/programmes', { name: '', localAuthority: 'X', academicYear: '2025-26' }, 400, 'body.name'],
  ['POST', () => '/api/programmes', { name: 'X', localAuthority: 'X', academicYear: '2025' }, 400, 'body.academicYear'],
  ['POST', () => '/api/programmes', { name: 'X', localAuthority: 'X', academicYear: '2025-26', admin: true }, 400, 'admin'],
  ['PATCH', () => `/api/programmes/${P}`, { retention: { callLogMonths: 0, exchangeDays: 1, concernYears: 1 } }, 400, 'body.retention.callLogMonths'],
  ['PATCH', () => `/api/programmes/${P}`, { plan: { phases: [] } }, 400, 'body.plan.phases'],
  ['PATCH', () => '/api/programmes/not-an-id', { name: 'X' }, 400, 'programmeId'],
  ['POST', () => `/api/programmes/${P}/schools`, { name: 'X' }, 400, 'body.postcode'],
  ['POST', () => `/api/programmes/${P}/schools`, { name: 'X', postcode: 'ZZ1 1AA', location: { lat: 200, lng: 0 } }, 400, 'body.location.lat'],
  [
    'POST',
    () => `/api/programmes/${P}/schools`,
    { name: 'X', postcode: 'ZZ1 1AA', safeguardingContacts: [{ name: 'D', email: 'nope' }] },
    400,
    'body.safeguardingContacts.0.email',
  ],
  ['PATCH', () => `/api/schools/${A}`, { urn: '12' }, 400, 'body.urn'],
  ['PATCH', () => `/api/schools/${new Types.ObjectId()}`, { urn: '123456' }, 404, 'no school'],
  ['POST', () => `/api/programmes/${P}/classes`, { schoolId: 'zz', name: '4A', yearGroup: 'Y4', pupilCount: 30 }, 400, 'body.schoolId'],
  ['POST', () => `/api/programmes/${P}/classes`, { schoolId: `${A}`, name: '4A', yearGroup: 'Y9', pupilCount: 30 }, 400, 'body.yearGroup'],
  ['POST', () => `/api/programmes/${P}/classes`, { schoolId: `${A}`, name: '4A', yearGroup: 'Y4', pupilCount: -1 }, 400, 'body.pupilCount'],
  ['POST', () => `/api/programmes/${P}/classes`, { schoolId: `${new Types.ObjectId()}`, name: '4A', yearGroup: 'Y4', pupilCount: 3 }, 400, 'body.schoolId'],
  [
    'POST',
    () => `/api/programmes/${P}/classes`,
    { schoolId: `${A}`, name: '4A', yearGroup: 'Y4', pupilCount: 3, teacherIds: [`${new Types.ObjectId()}`] },
    400,
    'body.teacherIds',
  ],
  ['PATCH', () => `/api/classes/${a1}`, { yearGroup: 'Y7' }, 400, 'body.yearGroup'],
  ['PATCH', () => `/api/classes/${a1}`, { schoolId: `${B}` }, 400, 'schoolId'],
  ['POST', () => `/api/programmes/${P}/links`, { classIds: [`${a1}`] }, 400, 'body.classIds'],
  ['POST', () => `/api/programmes/${P}/links`, { classIds: [`${a1}`, `${a2}`] }, 400, 'same school'],
  ['POST', () => `/api/programmes/${P}/links`, { classIds: [`${a1}`, `${new Types.ObjectId()}`] }, 400, 'does not exist'],
  ['POST', () => `/api/programmes/${P}/links`, { classIds: [`${a2}`, `${b1}`] }, 409, 'already in link'],
  ['POST', () => `/api/links/${L}/confirm`, { force: true }, 400, 'force'],
  ['POST', () => `/api/links/${L}/end`, { why: 'x' }, 400, 'why'],
  ['POST', () => `/api/links/${L}/progress`, { milestoneKey: 'no-such-step', done: true }, 400, 'body.milestoneKey'],
  ['POST', () => `/api/links/${L}/progress`, { milestoneKey: 'p1-call-1', done: 'yes' }, 400, 'body.done'],
  ['POST', () => `/api/links/${L}/progress`, { milestoneKey: 'p1-call-1', done: true, extra: 1 }, 400, 'extra'],
  ['POST', () => `/api/programmes/${P}/invitations`, { email: 'x', role: 'teacher', schoolId: `${A}` }, 400, 'body.email'],
  ['POST', () => `/api/programmes/${P}/invitations`, { email: 'x@example.test', role: 'pupil' }, 400, 'body.role'],
  ['POST', () => `/api/programmes/${P}/invitations`, { email: 'x@example.test', role: 'coordinator', schoolId: `${A}` }, 400, 'body.schoolId'],
  ['GET', () => '/api/invitations/short', undefined, 404, 'no such invitation'],
  ['POST', () => '/api/invitations/aaaaaaaaaaaaaaaaaaaaaaaaaaaa/accept', { name: 'X', password: 'a long enough password' }, 404, 'no such invitation'],
  ['PUT', () => `/api/programmes/${P}/users/${userId}/grants`, { grants: [{ role: 'admin' }] }, 400, 'body.grants.0.role'],
  ['PUT', () => `/api/programmes/${P}/users/${userId}/grants`, { grants: [{ role: 'teacher' }] }, 400, 'body.grants.0.schoolId'],
  ['PUT', () => `/api/programmes/${P}/users/${userId}/grants`, { grants: [] }, 409, 'at least one coordinator'],
  ['GET', () => `/api/programmes/${P}/log?limit=abc`, undefined, 400, 'query.limit', 'dsl'],
  ['GET', () => `/api/programmes/${P}/log?from=yesterday`, undefined, 400, 'query.from', 'dsl'],
  ['GET', () => `/api/programmes/${P}/log?colour=red`, undefined, 400, 'colour', 'dsl'],
  ['GET', () => '/api/calls/not-an-id', undefined, 400, 'callId'],
  ['GET', () => `/api/calls/${new Types.ObjectId()}/media`, undefined, 404, 'no call'],
  ['POST', () => `/api/links/${L}/calls`, { title: '' }, 400, 'body.title', 'teacher'],
  ['POST', () => `/api/links/${L}/calls`, { title: 'x', video: true }, 400, 'video', 'teacher'],
  ['POST', () => `/api/links/${L}/calls`, { milestoneKey: 'p2-neutral-venue' }, 400, 'body.milestoneKey', 'teacher'],
];

describe('bad input', () => {
  beforeAll(async () => {
    const { models, createUser } = api();
    await models.Programme.create({
      _id: P,
      name: 'P',
      localAuthority: 'X',
      academicYear: '2025-26',
      retention: DEFAULT_RETENTION,
      plan: SCHOOLS_LINKING_TEMPLATE,
    });
    await models.School.create([
      { _id: A, programmeId: P, name: 'A', postcode: 'ZZ1 1AA' },
      { _id: B, programmeId: P, name: 'B', postcode: 'ZZ1 1AB' },
    ]);
    const teacherId = await createUser('teacher@example.test', [{ role: 'teacher', programmeId: P, schoolId: A }]);
    await models.Class.create([
      { _id: a1, programmeId: P, schoolId: A, name: '4A', yearGroup: 'Y4', pupilCount: 30, teacherIds: [teacherId] },
      { _id: a2, programmeId: P, schoolId: A, name: '4B', yearGroup: 'Y4', pupilCount: 30 },
      { _id: b1, programmeId: P, schoolId: B, name: '4C', yearGroup: 'Y4', pupilCount: 30 },
    ]);
    await models.Link.create({ _id: L, programmeId: P, classIds: [a1, b1], schoolIds: [A, B], status: 'confirmed' });
    userId = await createUser('coord@example.test', [{ role: 'coordinator', programmeId: P }]);
    await createUser('dsl@example.test', [{ role: 'programme-dsl', programmeId: P }]);
    coord = api().client();
    await coord.login('coord@example.test');
    dsl = api().client();
    await dsl.login('dsl@example.test');
    teacher = api().client();
    await teacher.login('teacher@example.test');
  });

  for (const [method, path, body, status, mention, who] of bad) {
    it(`${method} ${path.toString().replace(/^\(\) => /, '')} → ${status} mentioning "${mention}", nothing changed`, async () => {
      const before = await snapshot();
      const res = await (who === 'dsl' ? dsl : who === 'teacher' ? teacher : coord).request(method, path(), body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.message).toContain(mention);
      expect(res.body.error.code).toMatch(/^[a-z-]+$/);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await fetch(`${api().baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad-json');
  });

  it('answers an oversized body with 413', async () => {
    const res = await fetch(`${api().baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(200_000) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('too-large');
  });
});
