// Subject access and erasure on the real database: what is held about a person, exported;
// the person erased, their account events redacted as retention does (the chain verifies,
// every redaction explained), the safeguarding records kept.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { useApi, type ApiClient } from '../support/api-harness.js';

const api = useApi('personal_data');
const P = new Types.ObjectId();
const S = new Types.ObjectId();
const C = new Types.ObjectId();
let teacherId: string;
let coordinatorId: string;
let coordinator: ApiClient;
let teacher: ApiClient;

beforeAll(async () => {
  const { models, createUser, client, log } = api();
  await models.Programme.create({
    _id: P,
    name: 'P',
    localAuthority: 'X',
    academicYear: '2025-26',
    retention: DEFAULT_RETENTION,
    plan: SCHOOLS_LINKING_TEMPLATE,
  });
  await models.School.create({ _id: S, programmeId: P, name: 'Alder', postcode: 'ZZ1 1AA' });
  coordinatorId = await createUser('coord@example.test', [{ role: 'coordinator', programmeId: P }]);
  teacherId = await createUser('leaving@example.test', [{ role: 'teacher', programmeId: P, schoolId: S }]);
  await models.Class.create({ _id: C, programmeId: P, schoolId: S, name: '4A', yearGroup: 'Y4', pupilCount: 20, teacherIds: [teacherId] });
  // A call record of the teacher's, which safeguarding keeps.
  await log.record({
    actor: { kind: 'user', id: teacherId, label: 'Leaving Teacher' },
    role: 'teacher',
    scope: { programmeId: String(P), callId: 'c1' },
    type: 'call.chat-message',
    payload: { text: 'Hello Birch!' },
  });
  coordinator = client();
  await coordinator.login('coord@example.test');
  teacher = client();
  await teacher.login('leaving@example.test');
});

describe('personal data', () => {
  it('exports what is held about a person, without their password, and logs the export', async () => {
    const res = await coordinator.get(`/api/programmes/${P}/users/${teacherId}/data-export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`linkroom-personal-data-${teacherId}.json`);
    expect(res.body.account).toMatchObject({ email: 'leaving@example.test', name: 'leaving' });
    expect(JSON.stringify(res.body)).not.toContain('passwordHash');
    expect(res.body.sessions).toHaveLength(1);
    expect(res.body.classesTaught).toEqual([expect.objectContaining({ name: '4A' })]);
    expect(res.body.actionsInTheSafeguardingLog.map((e: { type: string }) => e.type)).toEqual(['call.chat-message', 'auth.login.succeeded']);
    expect(await api().log.collection.countDocuments({ type: 'user.data-exported', 'payload.userId': teacherId })).toBe(1);
  });

  it('refuses to erase oneself, without a reason, or someone of no concern to the programme', async () => {
    expect((await coordinator.post(`/api/programmes/${P}/users/${coordinatorId}/erase`, { reason: 'testing myself' })).status).toBe(409);
    expect((await coordinator.post(`/api/programmes/${P}/users/${teacherId}/erase`, {})).status).toBe(400);
    expect((await teacher.post(`/api/programmes/${P}/users/${teacherId}/erase`, { reason: 'left the school' })).status).toBe(403);
    expect(await api().models.User.exists({ _id: teacherId })).not.toBeNull();
  });

  it('erases the person and their account events, keeps the call record, and the log still verifies', async () => {
    const res = await coordinator.post<{ redactedEvents: number }>(`/api/programmes/${P}/users/${teacherId}/erase`, {
      reason: 'left the school; asked to be erased',
    });
    expect(res.status).toBe(200);
    expect(res.body.redactedEvents).toBe(1); // the login
    const m = api().models;
    expect(await m.User.exists({ _id: teacherId })).toBeNull();
    expect(await m.Session.countDocuments({ userId: teacherId })).toBe(0);
    expect((await m.Class.findById(C))!.teacherIds).toEqual([]);
    expect((await teacher.get('/api/auth/session')).status).toBe(401);
    const login = await api().log.collection.findOne({ type: 'auth.login.succeeded', 'actor.id': teacherId });
    expect(login).toMatchObject({ redacted: { reason: 'erasure', bySeq: expect.any(Number) } });
    expect(login!.payload).toBeUndefined();
    expect(await api().log.collection.findOne({ type: 'call.chat-message', 'actor.id': teacherId })).toMatchObject({ payload: { text: 'Hello Birch!' } });
    expect(await api().log.verify()).toMatchObject({ ok: true });
  });
});
