// Password resets end to end on the real database: a coordinator's link handed over, the
// login page's "Forgot your password?" by email, every session ended, each link once.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mail } from '../../server/accounts/mailer.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { TEST_PASSWORD, useApi, type ApiClient } from '../support/api-harness.js';

const api = useApi('password_reset');
const P = new Types.ObjectId();
const S = new Types.ObjectId();
let teacherId: string;
let coordinator: ApiClient;
const tokenOf = (url: string) => url.split('/').at(-1)!;

beforeAll(async () => {
  const { models, createUser, client } = api();
  await models.Programme.create({
    _id: P,
    name: 'P',
    localAuthority: 'X',
    academicYear: '2025-26',
    retention: DEFAULT_RETENTION,
    plan: SCHOOLS_LINKING_TEMPLATE,
  });
  await models.School.create({ _id: S, programmeId: P, name: 'Alder', postcode: 'ZZ1 1AA' });
  await createUser('coord@example.test', [{ role: 'coordinator', programmeId: P }]);
  teacherId = await createUser('forgetful@example.test', [{ role: 'teacher', programmeId: P, schoolId: S }]);
  coordinator = client();
  await coordinator.login('coord@example.test');
});

describe('password reset', () => {
  it("by a coordinator's link: sets the new password once and ends every session", async () => {
    const teacher = api().client();
    expect((await teacher.login('forgetful@example.test')).status).toBe(200);
    const made = await coordinator.post<{ emailed: boolean; resetUrl: string }>(`/api/programmes/${P}/users/${teacherId}/password-reset`);
    expect(made.status).toBe(201);
    expect(made.body.emailed).toBe(false); // no mail transport: the coordinator hands it over
    const token = tokenOf(made.body.resetUrl);
    const anon = api().client();
    expect((await anon.get(`/api/password-resets/${token}`)).body).toMatchObject({ email: 'forgetful@example.test' });
    expect((await anon.post(`/api/password-resets/${token}`, { password: 'short' })).status).toBe(400);
    const done = await anon.post<{ sessionsEnded: number }>(`/api/password-resets/${token}`, { password: 'a brand new long password' });
    expect(done.status).toBe(200);
    expect(done.body.sessionsEnded).toBe(1);
    expect((await teacher.get('/api/auth/session')).status).toBe(401);
    expect((await api().client().post('/api/auth/login', { email: 'forgetful@example.test', password: TEST_PASSWORD })).status).toBe(401);
    expect((await api().client().login('forgetful@example.test', 'a brand new long password')).status).toBe(200);
    const again = await anon.post(`/api/password-resets/${token}`, { password: 'another long password' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('reset-link-used');
    const types = await api().log.collection.distinct('type', { type: /^auth\.password-reset/ });
    expect(types.sort()).toEqual(['auth.password-reset', 'auth.password-reset-link-made']);
  });

  it('from the login page: emailed when mail is set up, the same answer for an unknown address', async () => {
    const mails: Mail[] = [];
    const before = api().ctx.mailer;
    api().ctx.mailer = { configured: true, send: async (m) => void mails.push(m) };
    try {
      const anon = api().client();
      const known = await anon.post<{ message: string }>('/api/auth/password-reset', { email: 'Forgetful@example.test' });
      const unknown = await anon.post<{ message: string }>('/api/auth/password-reset', { email: 'nobody@example.test' });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      expect(mails.map((m) => m.to)).toEqual(['forgetful@example.test']);
      const link = /http\S+\/reset\/(\S+)/.exec(mails[0]!.text)![1]!;
      expect((await anon.post(`/api/password-resets/${link}`, { password: 'yet another long password' })).status).toBe(200);
      expect((await api().client().login('forgetful@example.test', 'yet another long password')).status).toBe(200);
    } finally {
      api().ctx.mailer = before;
    }
  });

  it('refuses a made-up or expired link, and a reset by someone who is not a coordinator', async () => {
    const anon = api().client();
    expect((await anon.get('/api/password-resets/not-a-real-token-at-all-000')).status).toBe(404);
    const made = await coordinator.post<{ resetUrl: string }>(`/api/programmes/${P}/users/${teacherId}/password-reset`);
    await api().models.PasswordReset.updateMany({}, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await anon.get(`/api/password-resets/${tokenOf(made.body.resetUrl)}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('reset-link-expired');
    const teacher = api().client();
    await teacher.login('forgetful@example.test', 'yet another long password');
    expect((await teacher.post(`/api/programmes/${P}/users/${teacherId}/password-reset`)).status).toBe(403);
  });
});
