import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo, type DemoLogin } from '../../server/programme/demo-seed.js';
import { useApi } from '../support/api-harness.js';

const demo = useApi('demo_on', { demo: true });
const normal = useApi('demo_off', { demo: false });

describe('demo seed', () => {
  let logins: DemoLogin[];
  beforeAll(async () => {
    logins = await seedDemo(demo().models, demo().log);
    await seedDemo(normal().models, normal().log);
  });

  it('seeds a programme like the seeds: 12 schools, 18 classes, 8 links, one login per role', async () => {
    const { models, log } = demo();
    expect(await models.Programme.countDocuments()).toBe(1);
    expect(await models.School.countDocuments()).toBe(12);
    expect(await models.Class.countDocuments()).toBe(18);
    expect(await models.Link.countDocuments()).toBe(8);
    expect(new Set(logins.map((l) => l.role))).toEqual(new Set(['coordinator', 'programme-dsl', 'school-dsl', 'teacher', 'head']));
    // Every link joins classes of different schools.
    for (const link of await models.Link.find()) expect(new Set(link.schoolIds.map(String)).size).toBe(2);
    expect((await log.verify()).ok).toBe(true);
  });

  it('lets demo logins in only in demo mode', async () => {
    const email = logins.find((l) => l.role === 'teacher')!.email;
    const on = await demo().client().post('/api/auth/login', { email, password: DEMO_PASSWORD });
    expect(on.status).toBe(200);
    const off = await normal().client().post('/api/auth/login', { email, password: DEMO_PASSWORD });
    expect(off.status).toBe(401);
  });

  it("shows a demo teacher their own class's link with the year plan", async () => {
    const t = demo().client();
    await t.login('teacher.s1@demo.linkroom.test', DEMO_PASSWORD);
    const session = (await t.get('/api/auth/session')).body;
    const links = await t.get(`/api/programmes/${session.grants[0].programmeId}/links`);
    expect(links.status).toBe(200);
    expect(links.body.length).toBe(2);
    const detail = await t.get(`/api/links/${links.body[0].id}`);
    expect(detail.body.plan.phases.map((p: { title: string }) => p.title)).toEqual([
      'Who am I? Who are we?',
      'Where do we live? How do we all live together?',
      'Reflect and say goodbye',
    ]);
    expect(detail.body.classes).toHaveLength(2);
  });
});
