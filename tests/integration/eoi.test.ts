// Expressions of interest on the real database: stored as sent, one per school (a later
// one replaces the earlier, both logged), and every bad input refused with a clear error
// and nothing stored.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EoiView } from '../../shared/schemas/eoi.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { ApiClient, useApi } from '../support/api-harness.js';

const api = useApi('eoi');
const P = new Types.ObjectId();
let coordinator: ApiClient;
const url = `/api/programmes/${P.toString()}/eois`;

const eoi = (over: Record<string, unknown> = {}) => ({
  schoolName: 'Oakfield Primary School',
  telephone: '01254 123456',
  email: 'head@oakfield.example.test',
  headTeacher: 'Mrs A. Khan',
  classes: [
    { yearGroup: 'Y4', count: 2 },
    { yearGroup: 'Y5', count: 1 },
  ],
  preferredKind: 'A rural school, ideally of another faith',
  closenessMatters: false,
  exactYearNotEssential: false,
  alternativeYearGroups: ['Y3'],
  ...over,
});

beforeAll(async () => {
  const { models, createUser } = api();
  await models.Programme.create({
    _id: P,
    name: 'P',
    localAuthority: 'Lancashire',
    academicYear: '2026-27',
    retention: DEFAULT_RETENTION,
    plan: SCHOOLS_LINKING_TEMPLATE,
  });
  await models.School.create({ programmeId: P, name: 'Burnley Road Primary', postcode: 'BB1 1AA' });
  await createUser('coordinator@example.test', [{ role: 'coordinator', programmeId: P }]);
  coordinator = new ApiClient(api().baseUrl);
  await coordinator.login('coordinator@example.test');
});

describe('expressions of interest', () => {
  it('stores an expression of interest with the fields of the form', async () => {
    const res = await coordinator.post<EoiView>(url, eoi({ keepPartnerSchoolName: 'Burnley Road Primary' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...eoi(), keepPartnerSchoolName: 'Burnley Road Primary', submissions: 1 });
    expect((await coordinator.get<EoiView[]>(url)).body).toHaveLength(1);
  });

  it('lets a later submission from the same school replace the earlier, logging both', async () => {
    const res = await coordinator.post<EoiView>(
      url,
      eoi({ schoolName: 'oakfield  primary school', classes: [{ yearGroup: 'Y6', count: 3 }], alternativeYearGroups: [] }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ classes: [{ yearGroup: 'Y6', count: 3 }], submissions: 2 });
    const list = (await coordinator.get<EoiView[]>(url)).body;
    expect(list).toHaveLength(1);
    expect(list[0]!.classes).toEqual([{ yearGroup: 'Y6', count: 3 }]);
    const logged = await api().log.collection.find({ type: 'eoi.submitted' }).sort({ _id: 1 }).toArray();
    expect(logged.map((e) => (e.payload as { replacesEarlier: boolean }).replacesEarlier)).toEqual([false, true]);
  });

  it('keeps what the coordinator added (location, profile, priority) when the school sends its form again', async () => {
    const [oakfield] = (await coordinator.get<EoiView[]>(url)).body;
    const patched = await coordinator.request<EoiView>('PATCH', `/api/eois/${oakfield!.id}`, {
      location: { lat: 53.79, lng: -2.24 },
      profile: { setting: 'urban', faith: 'non-faith', bands: { deprivation: 4 } },
      priority: true,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ location: { lat: 53.79, lng: -2.24 }, profile: { setting: 'urban', bands: { deprivation: 4 } }, priority: true });
    const again = await coordinator.post<EoiView>(url, eoi({ classes: [{ yearGroup: 'Y6', count: 2 }], alternativeYearGroups: [] }));
    expect(again.body).toMatchObject({ classes: [{ yearGroup: 'Y6', count: 2 }], location: { lat: 53.79, lng: -2.24 }, priority: true, submissions: 3 });
    const bad = await coordinator.request('PATCH', `/api/eois/${oakfield!.id}`, { location: { lat: 123, lng: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.location.lat');
    expect((await coordinator.get<EoiView[]>(url)).body[0]!.location).toEqual({ lat: 53.79, lng: -2.24 });
  });

  it('accepts a partner school that has itself expressed interest', async () => {
    const res = await coordinator.post<EoiView>(
      url,
      eoi({ schoolName: 'Pendle View Primary', email: 'office@pendle.example.test', keepPartnerSchoolName: 'Oakfield Primary School' }),
    );
    expect(res.status).toBe(201);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['an unknown year group', { classes: [{ yearGroup: 'Y9', count: 1 }] }, 'body.classes.0.yearGroup'],
    ['a negative class count', { classes: [{ yearGroup: 'Y4', count: -2 }] }, 'body.classes.0.count'],
    ['no classes at all', { classes: [] }, 'body.classes'],
    [
      'a year group named twice',
      {
        classes: [
          { yearGroup: 'Y4', count: 1 },
          { yearGroup: 'Y4', count: 2 },
        ],
      },
      'body.classes',
    ],
    ['alternatives when no exact match is needed', { exactYearNotEssential: true, alternativeYearGroups: ['Y3'] }, 'body.alternativeYearGroups'],
    ['a partner school not in the programme', { keepPartnerSchoolName: 'Nowhere Academy' }, 'body.keepPartnerSchoolName'],
    ['itself as its own partner', { keepPartnerSchoolName: 'Oakfield Primary School' }, 'body.keepPartnerSchoolName'],
    ['a malformed email', { email: 'not an email' }, 'body.email'],
    ['a yes/no answer left out', { closenessMatters: undefined }, 'body.closenessMatters'],
    ['an unknown field', { fee: 0 }, 'fee'],
  ];
  for (const [what, over, field] of bad) {
    it(`refuses ${what} with a clear error, storing and logging nothing`, async () => {
      const before = {
        eois: JSON.stringify(await api().models.Eoi.find().lean()),
        logged: await api().log.collection.countDocuments({ type: 'eoi.submitted' }),
      };
      const res = await coordinator.post(url, eoi(over));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
      expect(JSON.stringify(await api().models.Eoi.find().lean())).toBe(before.eois);
      expect(await api().log.collection.countDocuments({ type: 'eoi.submitted' })).toBe(before.logged);
    });
  }
});

describe('the public form for schools', () => {
  it('opens a link that schools use without an account; renewing or closing it stops the old link', async () => {
    const opened = await coordinator.post<{ open: boolean; path: string }>(`/api/programmes/${P.toString()}/eoi-form`);
    expect(opened.status).toBe(201);
    const token = opened.body.path.split('/').pop()!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    const school = new ApiClient(api().baseUrl);
    const info = await school.get<{ programme: { name: string }; knownSchools: string[] }>(`/api/eoi-forms/${token}`);
    expect(info.status).toBe(200);
    expect(info.body.programme.name).toBe('P');
    expect(info.body.knownSchools).toContain('Burnley Road Primary');

    const sent = await school.post<{ schoolName: string; replaced: boolean }>(
      `/api/eoi-forms/${token}`,
      eoi({ schoolName: 'Lowerhouse Primary', email: 'office@lowerhouse.example.test', keepPartnerSchoolName: 'Burnley Road Primary' }),
    );
    expect([sent.status, sent.body.replaced]).toEqual([201, false]);
    const again = await school.post<{ replaced: boolean }>(
      `/api/eoi-forms/${token}`,
      eoi({ schoolName: 'Lowerhouse Primary', email: 'office@lowerhouse.example.test' }),
    );
    expect([again.status, again.body.replaced]).toEqual([200, true]);
    const logged = await api().log.collection.find({ type: 'eoi.submitted', 'payload.schoolName': 'Lowerhouse Primary' }).toArray();
    expect(logged.map((e) => (e.actor as { kind: string }).kind)).toEqual(['anonymous', 'anonymous']);
    expect((await coordinator.get<EoiView[]>(url)).body.map((e) => e.schoolName)).toContain('Lowerhouse Primary');

    // Someone else with the link cannot rewrite a school's form.
    const takeover = await school.post(
      `/api/eoi-forms/${token}`,
      eoi({ schoolName: 'Lowerhouse Primary', email: 'someone@elsewhere.example.test', keepPartnerSchoolName: 'Oakfield Primary School' }),
    );
    expect([takeover.status, takeover.body.error.code]).toEqual([409, 'already-sent']);
    expect((await coordinator.get<EoiView[]>(url)).body.find((e) => e.schoolName === 'Lowerhouse Primary')!.email).toBe('office@lowerhouse.example.test');

    const bad = await school.post(`/api/eoi-forms/${token}`, eoi({ schoolName: 'Reedley Primary', classes: [{ yearGroup: 'Y9', count: 1 }] }));
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringContaining('body.classes.0.yearGroup')]);

    const renewed = await coordinator.post<{ path: string }>(`/api/programmes/${P.toString()}/eoi-form`);
    expect((await school.get(`/api/eoi-forms/${token}`)).status).toBe(404);
    const newToken = renewed.body.path.split('/').pop()!;
    expect((await school.get(`/api/eoi-forms/${newToken}`)).status).toBe(200);
    expect((await coordinator.request('DELETE', `/api/programmes/${P.toString()}/eoi-form`)).body).toEqual({ open: false });
    const closed = await school.post(`/api/eoi-forms/${newToken}`, eoi({ schoolName: 'Reedley Primary' }));
    expect([closed.status, closed.body.error.code]).toEqual([404, 'form-closed']);
  });
});
