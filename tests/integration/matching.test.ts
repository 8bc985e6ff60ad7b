// Matching on the real database and in a real worker thread: proposals with reasons,
// unmatched classes with reasons, lock/remove and re-run, confirmation into links with
// fees due, and every bad request refused with a clear error.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EoiView } from '../../shared/schemas/eoi.js';
import type { MatchingRunView } from '../../shared/schemas/matching.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { ApiClient, useApi } from '../support/api-harness.js';

const api = useApi('matching');
const P = new Types.ObjectId();
let coordinator: ApiClient;
let teacher: ApiClient;
const base = `/api/programmes/${P.toString()}`;
const ids: Record<string, string> = {};

const form = (schoolName: string, classes: { yearGroup: string; count: number }[], over: Record<string, unknown> = {}) => ({
  schoolName,
  telephone: '01254 123456',
  email: `head@${schoolName.split(' ')[0]!.toLowerCase()}.example.test`,
  headTeacher: 'Head',
  classes,
  closenessMatters: false,
  exactYearNotEssential: false,
  ...over,
});

const schoolsOf = (run: MatchingRunView, classIds: readonly string[]) => classIds.map((id) => run.classes.find((c) => c.classId === id)!.schoolName).sort();
type RunReply = MatchingRunView & { error: { code: string; message: string } };
const run = (body: unknown = {}) => coordinator.post<RunReply>(`${base}/matching/run`, body);

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
  const school = await models.School.create({ programmeId: P, name: 'Some Other Primary', postcode: 'BB1 1AA' });
  await createUser('coordinator@example.test', [{ role: 'coordinator', programmeId: P }]);
  await createUser('teacher@example.test', [{ role: 'teacher', programmeId: P, schoolId: school._id }]);
  coordinator = new ApiClient(api().baseUrl);
  await coordinator.login('coordinator@example.test');
  teacher = new ApiClient(api().baseUrl);
  await teacher.login('teacher@example.test');
  const forms = [
    form('Oakfield Primary', [{ yearGroup: 'Y4', count: 2 }]),
    form('Ribble Valley Primary', [{ yearGroup: 'Y4', count: 2 }]),
    form('Pendle Primary', [{ yearGroup: 'Y4', count: 1 }]),
    form('Hillside Primary', [{ yearGroup: 'Y6', count: 1 }]),
    form('Calder Primary', [{ yearGroup: 'Y5', count: 1 }]),
    form('Brook Primary', [{ yearGroup: 'Y5', count: 1 }], { keepPartnerSchoolName: 'Calder Primary' }),
  ];
  for (const f of forms) ids[f.schoolName] = (await coordinator.post<EoiView>(`${base}/eois`, f)).body.id;
  // Calder names Brook once Brook has expressed interest.
  await coordinator.post(`${base}/eois`, form('Calder Primary', [{ yearGroup: 'Y5', count: 1 }], { keepPartnerSchoolName: 'Brook Primary' }));
  await coordinator.patch(`/api/eois/${ids['Oakfield Primary']}`, { profile: { setting: 'urban', faith: 'faith' }, priority: true });
  await coordinator.patch(`/api/eois/${ids['Ribble Valley Primary']}`, { profile: { setting: 'rural', faith: 'non-faith' } });
  await coordinator.patch(`/api/eois/${ids['Pendle Primary']}`, { profile: { setting: 'urban', faith: 'faith' } });
});

describe('matching a programme', () => {
  let first: MatchingRunView;

  it('proposes the best links, each with its reasons, and says why a class is left out', async () => {
    const res = await run();
    expect(res.status).toBe(200);
    first = res.body;
    // The contract: proposals [{classIds, score, reasons}] and unmatched
    // [{classId, reasons}] at the top of the answer.
    expect(first.proposals[0]).toEqual(expect.objectContaining({ classIds: expect.any(Array), score: expect.any(Number), reasons: expect.any(Array) }));
    expect(Array.isArray(first.unmatched)).toBe(true);
    const { proposals, unmatched, objective } = first;
    expect(objective).toMatchObject({ classes: 8, linked: 6, optimal: true });
    const oakRibble = proposals.filter((p) => schoolsOf(first, p.classIds).join() === 'Oakfield Primary,Ribble Valley Primary');
    expect(oakRibble).toHaveLength(2);
    for (const p of oakRibble) {
      expect(p.reasons).toEqual(
        expect.arrayContaining([
          'both Y4',
          'urban with rural',
          'faith with non-faith',
          'Oakfield Primary is a priority school',
          "all 2 of Oakfield Primary's Y4 classes with Ribble Valley Primary",
        ]),
      );
      expect(p.score).toBeGreaterThan(0);
    }
    const kept = proposals.find((p) => schoolsOf(first, p.classIds).join() === 'Brook Primary,Calder Primary')!;
    expect(kept.reasons[0]).toBe('existing partners: both schools asked to keep their link');
    const why = Object.fromEntries(unmatched.map((u) => [first.classes.find((c) => c.classId === u.classId)!.schoolName, u.reasons.join(' ')]));
    expect(Object.keys(why).sort()).toEqual(['Hillside Primary', 'Pendle Primary']);
    expect(why['Hillside Primary']).toContain('needs an exact year-group match');
    expect(why['Pendle Primary']).toContain('are all linked to others');
    expect(await api().log.collection.countDocuments({ type: 'matching.run' })).toBe(1);
  });

  it('gives the same proposals for the same forms, and keeps the latest run', async () => {
    const again = (await run()).body;
    expect(again.proposals).toEqual(first.proposals);
    const latest = await coordinator.get<MatchingRunView>(`${base}/matching`);
    expect(latest.body.proposals).toEqual(first.proposals);
  });

  it('re-runs around a locked pair and without a removed one', async () => {
    const oak = first.classes.filter((c) => c.schoolName === 'Oakfield Primary').map((c) => c.classId);
    const ribble = first.classes.filter((c) => c.schoolName === 'Ribble Valley Primary').map((c) => c.classId);
    const pendle = first.classes.find((c) => c.schoolName === 'Pendle Primary')!.classId;
    const res = await run({ locked: [[oak[0], pendle]], removed: [[oak[1], ribble[0]]] });
    expect(res.status).toBe(200);
    const { proposals } = res.body;
    expect(proposals.find((p) => p.classIds.includes(pendle))).toMatchObject({ locked: true, reasons: expect.arrayContaining(['locked by the coordinator']) });
    // Removing a pair removes the pairing of those two schools' year groups.
    expect(proposals.some((p) => schoolsOf(res.body, p.classIds).join() === 'Oakfield Primary,Ribble Valley Primary')).toBe(false);
    expect(res.body.unmatched.map((u) => u.classId)).toEqual(expect.arrayContaining([oak[1]]));
    expect(res.body.unmatched.find((u) => u.classId === oak[1])!.reasons.join(' ')).toContain('removed');
  });

  const bad: [string, unknown, number, string][] = [
    ['a weight out of range', { weights: { closeness: 11 } }, 400, 'body.weights.closeness'],
    ['an unknown field', { greedy: true }, 400, 'greedy'],
    [
      'a class that is not on any form',
      { locked: [[`${new Types.ObjectId().toString()}:Y4:1`, `${new Types.ObjectId().toString()}:Y4:1`]] },
      400,
      'is not a class',
    ],
  ];
  for (const [what, body, status, text] of bad) {
    it(`refuses ${what} with a clear error and keeps the latest run`, async () => {
      const before = JSON.stringify((await coordinator.get(`${base}/matching`)).body);
      const res = await run(body);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(text);
      expect(JSON.stringify((await coordinator.get(`${base}/matching`)).body)).toBe(before);
    });
  }

  it('refuses to lock two classes of one school, or a class in two locked pairs', async () => {
    const oak = first.classes.filter((c) => c.schoolName === 'Oakfield Primary').map((c) => c.classId);
    const ribble = first.classes.filter((c) => c.schoolName === 'Ribble Valley Primary').map((c) => c.classId);
    const same = await run({ locked: [[oak[0], oak[1]]] });
    expect([same.status, same.body.error.code]).toEqual([400, 'pair-not-allowed']);
    expect(same.body.error.message).toContain('same school');
    const twice = await run({
      locked: [
        [oak[0], ribble[0]],
        [oak[0], ribble[1]],
      ],
    });
    expect([twice.status, twice.body.error.code]).toEqual([400, 'class-locked-twice']);
  });

  it('lets only the coordinator run or read the matching', async () => {
    expect((await teacher.post(`${base}/matching/run`, {})).status).toBe(403);
    expect((await teacher.get(`${base}/matching`)).status).toBe(403);
    expect((await teacher.post(`${base}/matching/confirm`, { pairs: [] })).status).toBe(403);
  });
});

describe('confirming proposals', () => {
  let latest: MatchingRunView;
  beforeAll(async () => {
    latest = (await run()).body;
  });

  it('refuses a pair that was not proposed', async () => {
    const oak = latest.classes.find((c) => c.schoolName === 'Oakfield Primary')!.classId;
    const hill = latest.classes.find((c) => c.schoolName === 'Hillside Primary')!.classId;
    const res = await coordinator.post(`${base}/matching/confirm`, { pairs: [[oak, hill]] });
    expect([res.status, res.body.error.code]).toEqual([400, 'not-a-proposal']);
    expect(await api().models.Link.countDocuments({ programmeId: P })).toBe(0);
  });

  it('turns chosen proposals into confirmed links, with schools, classes and fees due', async () => {
    const chosen = latest.proposals.filter((p) => schoolsOf(latest, p.classIds).includes('Oakfield Primary'));
    const res = await coordinator.post<{ links: { id: string; classIds: string[] }[]; feesDue: { schoolName: string; amountPence: number }[] }>(
      `${base}/matching/confirm`,
      { pairs: chosen.map((p) => p.classIds) },
    );
    expect(res.status).toBe(201);
    expect(res.body.links).toHaveLength(2);
    expect(res.body.feesDue.map((f) => [f.schoolName, f.amountPence]).sort()).toEqual([
      ['Oakfield Primary', 10000],
      ['Ribble Valley Primary', 10000],
    ]);
    const { Link, Class, School } = api().models;
    const links = await Link.find({ programmeId: P });
    expect(links.map((l) => l.status)).toEqual(['confirmed', 'confirmed']);
    expect(await School.countDocuments({ programmeId: P, name: { $in: ['Oakfield Primary', 'Ribble Valley Primary'] } })).toBe(2);
    expect((await Class.find({ programmeId: P, eoiClassId: { $exists: true } })).map((c) => c.name).sort()).toEqual([
      'Y4 class 1',
      'Y4 class 1',
      'Y4 class 2',
      'Y4 class 2',
    ]);
    expect(await api().log.collection.countDocuments({ type: 'link.created' })).toBe(2);
    expect(await api().log.collection.countDocuments({ type: 'matching.confirmed' })).toBe(1);
    const eois = (await coordinator.get<EoiView[]>(`${base}/eois`)).body;
    expect(eois.find((e) => e.schoolName === 'Oakfield Primary')!.fee).toMatchObject({ amountPence: 10000 });
    expect(eois.find((e) => e.schoolName === 'Pendle Primary')!.fee).toBeUndefined();
    const stored = (await coordinator.get<MatchingRunView>(`${base}/matching`)).body;
    expect(stored.proposals.filter((p) => p.confirmed).map((p) => p.classIds)).toEqual(chosen.map((p) => p.classIds));
  });

  it('leaves confirmed classes out of the next run, dropping a lock that names one with a note', async () => {
    const oak = latest.classes.find((c) => c.schoolName === 'Oakfield Primary')!.classId;
    const pendle = latest.classes.find((c) => c.schoolName === 'Pendle Primary')!.classId;
    const res = await run({ locked: [[oak, pendle]] });
    expect(res.status).toBe(200);
    const next = res.body;
    expect(next.classes.map((c) => c.schoolName)).not.toContain('Oakfield Primary');
    expect(next.objective.classes).toBe(4);
    expect(next.notes.join(' ')).toContain('was dropped: a class of it is now in a confirmed link');
  });

  it('finishes a repeated confirmation without making anything twice', async () => {
    const chosen = latest.proposals.filter((p) => schoolsOf(latest, p.classIds).includes('Oakfield Primary'));
    // The kept run is the latest one, so confirm against a run that still holds these proposals.
    const { request: _request, ranAt: _ranAt, ...result } = latest;
    await api().models.MatchingRun.updateOne({ programmeId: P }, { $set: { result, ranAt: new Date() } });
    const again = await coordinator.post<{ links: { id: string }[]; feesDue: unknown[] }>(`${base}/matching/confirm`, { pairs: chosen.map((p) => p.classIds) });
    expect(again.status).toBe(201);
    expect(again.body.feesDue).toEqual([]);
    expect(await api().models.Link.countDocuments({ programmeId: P })).toBe(2);
    expect(await api().models.Class.countDocuments({ programmeId: P, eoiClassId: { $exists: true } })).toBe(4);
  });

  it('does not keep existing partners whose pairing the coordinator removed', async () => {
    const next = (await run()).body;
    const kept = next.proposals.find((p) => schoolsOf(next, p.classIds).join() === 'Brook Primary,Calder Primary')!;
    const res = await run({ removed: [kept.classIds] });
    expect(res.body.proposals.some((p) => schoolsOf(res.body, p.classIds).join() === 'Brook Primary,Calder Primary')).toBe(false);
    await run();
  });

  it('records a fee as paid, and refuses it where no fee is due', async () => {
    const paid = await coordinator.patch<EoiView>(`/api/eois/${ids['Oakfield Primary']}`, { feePaid: true });
    expect(paid.status).toBe(200);
    expect(paid.body.fee!.paidAt).toBeTruthy();
    const none = await coordinator.patch(`/api/eois/${ids['Pendle Primary']}`, { feePaid: true });
    expect([none.status, none.body.error.code]).toEqual([409, 'no-fee-due']);
  });

  it('refuses to confirm a run made before a school changed its form', async () => {
    const next = (await run()).body;
    const kept = next.proposals.find((p) => schoolsOf(next, p.classIds).join() === 'Brook Primary,Calder Primary')!;
    await coordinator.post(
      `${base}/eois`,
      form('Brook Primary', [{ yearGroup: 'Y5', count: 1 }], { keepPartnerSchoolName: 'Calder Primary', comments: 'new head' }),
    );
    const res = await coordinator.post(`${base}/matching/confirm`, { pairs: [kept.classIds] });
    expect([res.status, res.body.error.code]).toEqual([409, 'stale-run']);
    expect(res.body.error.message).toContain('Brook Primary');
  });

  it('makes each school, class and link once when two confirmations come at the same moment', async () => {
    const next = (await run()).body;
    const kept = next.proposals.find((p) => !p.confirmed)!;
    const names = schoolsOf(next, kept.classIds);
    const { Link, Class, School } = api().models;
    const before = { links: await Link.countDocuments({ programmeId: P }), classes: await Class.countDocuments({ programmeId: P }) };
    const both = await Promise.all([0, 1].map(() => coordinator.post<{ links: { id: string }[] }>(`${base}/matching/confirm`, { pairs: [kept.classIds] })));
    // The second waits for the first, then finds the link made: a retry, nothing new.
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(both[1]!.body.links.map((l) => l.id)).toEqual(both[0]!.body.links.map((l) => l.id));
    expect(await Link.countDocuments({ programmeId: P })).toBe(before.links + 1);
    expect(await Class.countDocuments({ programmeId: P })).toBe(before.classes + 2);
    expect(await School.countDocuments({ programmeId: P, name: { $in: names } })).toBe(2);
  });
});
