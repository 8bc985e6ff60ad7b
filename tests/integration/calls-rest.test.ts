// Starting a call: codes for each class, and the agenda of the lesson it belongs to.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { isWellFormedJoinCode } from '../../server/calls/join-code.js';
import { ApiClient, useApi } from '../support/api-harness.js';

const api = useApi('calls_rest');
const P = new Types.ObjectId();
const [A, B] = [new Types.ObjectId(), new Types.ObjectId()];
const L = new Types.ObjectId();
let teacher: ApiClient;

describe('starting a call', () => {
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
    const t = await createUser('t@example.test', [{ role: 'teacher', programmeId: P, schoolId: A }]);
    const [a, b] = await models.Class.create([
      { programmeId: P, schoolId: A, name: '4A', yearGroup: 'Y4', pupilCount: 20, teacherIds: [t] },
      { programmeId: P, schoolId: B, name: '4B', yearGroup: 'Y4', pupilCount: 20 },
    ]);
    await models.Link.create({
      _id: L,
      programmeId: P,
      classIds: [a!._id, b!._id],
      schoolIds: [A, B],
      status: 'confirmed',
      progress: [{ milestoneKey: 'p1-call-1', doneAt: new Date() }],
    });
    teacher = api().client();
    await teacher.login('t@example.test');
  });

  it('gives each class its own well-formed join code', async () => {
    const res = await teacher.post(`/api/links/${L}/calls`, {});
    expect(res.status).toBe(201);
    expect(res.body.devices.map((d: { className: string }) => d.className).sort()).toEqual(['4A', '4B']);
    const codes = res.body.devices.map((d: { code: string }) => d.code);
    expect(codes.every(isWellFormedJoinCode)).toBe(true);
    expect(new Set(codes).size).toBe(2);
  });

  it('follows the next call of the year plan the link has not had yet', async () => {
    const res = await teacher.post(`/api/links/${L}/calls`, {});
    // p1-call-1 is done: the next is the identity-poster call.
    expect(res.body.title).toBe('Second video call: share our identity posters');
    expect(res.body.agenda.map((s: { title: string }) => s.title)).toContain('Each class shares its identity posters');
  });

  it('takes the agenda of a named lesson call, whiteboard step included', async () => {
    const res = await teacher.post(`/api/links/${L}/calls`, { milestoneKey: 'p2-call-1' });
    expect(res.status).toBe(201);
    expect(res.body.agenda).toContainEqual({ title: 'Draw our town together', durationMin: 20, kind: 'whiteboard' });
  });
});
