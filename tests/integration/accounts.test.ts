// Login, sessions, CSRF, logout (everywhere), rate limiting and invitations, on the real database.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, TEST_PASSWORD, useApi } from '../support/api-harness.js';

const api = useApi('accounts', { loginAttemptsPer15Min: 5 });
const programmeId = new Types.ObjectId();
const otherProgrammeId = new Types.ObjectId();

describe('accounts', () => {
  beforeAll(async () => {
    const { models, createUser } = api();
    await models.Programme.create({
      _id: programmeId,
      name: 'All Together Now 2025-26',
      localAuthority: 'Exampleshire',
      academicYear: '2025-26',
      retention: { callLogMonths: 12, exchangeDays: 30, concernYears: 25 },
    });
    await models.Programme.create({
      _id: otherProgrammeId,
      name: 'Other',
      localAuthority: 'Elsewhere',
      academicYear: '2025-26',
      retention: { callLogMonths: 12, exchangeDays: 30, concernYears: 25 },
    });
    await createUser('coord@example.test', [{ role: 'coordinator', programmeId }]);
  });

  it('logs in with the right password, shows the session, and logs both outcomes', async () => {
    const c = api().client();
    const bad = await c.post('/api/auth/login', { email: 'coord@example.test', password: 'wrong password here' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid-credentials');
    const unknown = await c.post('/api/auth/login', { email: 'nobody@example.test', password: 'whatever it is' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe(bad.body.error.message);

    const ok = await c.login('COORD@example.test');
    expect(ok.body).toMatchObject({ user: { email: 'coord@example.test' }, grants: [{ role: 'coordinator', programmeId: programmeId.toString() }] });
    expect(ok.headers.get('set-cookie')).toMatch(/linkroom_session=.+; .*HttpOnly/i);
    expect(ok.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
    const session = await c.get('/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.email).toBe('coord@example.test');

    const types = (await api().log.collection.find({}).sort({ _id: 1 }).toArray()).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['auth.login.failed', 'auth.login.succeeded']));
    expect((await api().log.verify()).ok).toBe(true);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const c = api().client();
    await c.login('coord@example.test');
    const res = await c.request('POST', '/api/auth/logout', {}, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf');
    expect((await c.get('/api/auth/session')).status).toBe(200);
  });

  it('logs out one session, or every session of the user', async () => {
    const a = api().client();
    const b = api().client();
    const c = api().client();
    await a.login('coord@example.test');
    await b.login('coord@example.test');
    await c.login('coord@example.test');
    expect((await a.post('/api/auth/logout')).status).toBe(204);
    expect((await a.get('/api/auth/session')).status).toBe(401);
    expect((await b.get('/api/auth/session')).status).toBe(200);
    const everywhere = await b.post('/api/auth/logout-everywhere');
    expect(everywhere.status).toBe(200);
    expect(everywhere.body.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await b.get('/api/auth/session')).status).toBe(401);
    expect((await c.get('/api/auth/session')).status).toBe(401);
  });

  it('expires a session at its expiry time', async () => {
    const c = api().client();
    await c.login('coord@example.test');
    expect((await c.get('/api/auth/session')).status).toBe(200);
    // Move the session's clock past its expiry.
    await api().models.Session.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await c.get('/api/auth/session');
    expect(res.status).toBe(401);
    expect(await api().models.Session.countDocuments({ expiresAt: { $lt: new Date() } })).toBeLessThan(3);
  });

  it('rate-limits repeated logins for one account from one address', async () => {
    const c = api().client();
    await api().createUser('limited@example.test', []);
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await c.post('/api/auth/login', { email: 'limited@example.test', password: 'wrong password here' })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Another account from the same address is not locked out.
    expect((await c.post('/api/auth/login', { email: 'coord@example.test', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('invites a teacher by email link; the link sets up the account once and logs them in', async () => {
    const coord = api().client();
    await coord.login('coord@example.test');
    const school = await coord.post(`/api/programmes/${programmeId}/schools`, { name: 'Brook Lane Primary', postcode: 'ZZ1 1AA' });
    expect(school.status).toBe(201);
    const inv = await coord.post(`/api/programmes/${programmeId}/invitations`, {
      email: 'new.teacher@example.test',
      role: 'teacher',
      schoolId: school.body.id,
    });
    expect(inv.status).toBe(201);
    expect(inv.body.inviteUrl).toMatch(/^http:\/\/linkroom\.test\/invite\/[A-Za-z0-9_-]+$/);
    const mail = api().mails.at(-1)!;
    expect(mail.to).toBe('new.teacher@example.test');
    expect(mail.text).toContain(inv.body.inviteUrl);
    const token = inv.body.inviteUrl.split('/').pop();

    const teacher = api().client();
    const info = await teacher.get(`/api/invitations/${token}`);
    expect(info.body).toMatchObject({ email: 'new.teacher@example.test', role: 'teacher', school: 'Brook Lane Primary', hasAccount: false });
    const short = await teacher.post(`/api/invitations/${token}/accept`, { name: 'Ms New', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('body.password');
    const accepted = await teacher.post(`/api/invitations/${token}/accept`, { name: 'Ms New', password: 'a long enough password' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.grants).toEqual([{ role: 'teacher', programmeId: programmeId.toString(), schoolId: school.body.id }]);
    expect((await teacher.get('/api/auth/session')).body.user.name).toBe('Ms New');
    const again = await api().client().post(`/api/invitations/${token}/accept`, { name: 'Someone', password: 'a long enough password' });
    expect(again.status).toBe(410);
    const types = (await api().log.collection.find({}).toArray()).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['invitation.sent', 'invitation.accepted']));
  });

  it('refuses an invitation that does not fit the role, and one from outside the programme', async () => {
    const coord = api().client();
    await coord.login('coord@example.test');
    const noSchool = await coord.post(`/api/programmes/${programmeId}/invitations`, { email: 'x@example.test', role: 'teacher' });
    expect(noSchool.status).toBe(400);
    const outside = await coord.post(`/api/programmes/${otherProgrammeId}/invitations`, { email: 'x@example.test', role: 'programme-dsl' });
    expect(outside.status).toBe(403);
  });

  it('answers 401 to a request without a session', async () => {
    const res = await new ApiClient(api().baseUrl).get(`/api/programmes/${programmeId}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });
});
