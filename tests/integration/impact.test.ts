// The impact figures from the real database, as JSON, CSV and a one-page PDF read back.
import { parse as parseCsv } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { ApiClient, useApi } from '../support/api-harness.js';

const api = useApi('impact');
const P = new Types.ObjectId();
let coordinator: ApiClient;
const url = `/api/programmes/${P.toString()}/impact`;

beforeAll(async () => {
  const { models, createUser } = api();
  await models.Programme.create({
    _id: P,
    name: 'All Together Now',
    localAuthority: 'Lancashire',
    academicYear: '2026-27',
    retention: DEFAULT_RETENTION,
    plan: SCHOOLS_LINKING_TEMPLATE,
  });
  const [a, b] = await models.School.create([
    { programmeId: P, name: 'Alder', postcode: 'ZZ1 1AA' },
    { programmeId: P, name: 'Birch', postcode: 'ZZ1 1AB' },
  ]);
  const [c1, c2, c3] = await models.Class.create([
    { programmeId: P, schoolId: a!._id, name: '4A', yearGroup: 'Y4', pupilCount: 28 },
    { programmeId: P, schoolId: b!._id, name: '4B', yearGroup: 'Y4', pupilCount: 31 },
    { programmeId: P, schoolId: a!._id, name: '5A', yearGroup: 'Y5', pupilCount: 25 },
  ]);
  const link = await models.Link.create({
    programmeId: P,
    classIds: [c1!._id, c2!._id],
    schoolIds: [a!._id, b!._id],
    status: 'confirmed',
    progress: [{ milestoneKey: 'p1-exchange', doneAt: new Date() }],
  });
  await models.Link.create({ programmeId: P, classIds: [c3!._id, c2!._id], schoolIds: [a!._id, b!._id], status: 'proposed' });
  const start = new Date('2026-10-05T09:00:00Z');
  await models.Call.create({
    programmeId: P,
    linkId: link._id,
    schoolIds: [a!._id, b!._id],
    title: 'Call',
    agenda: [{ title: 'Hello', durationMin: 5 }],
    devices: [],
    createdBy: new Types.ObjectId(),
    status: 'ended',
    liveAt: start,
    endedAt: new Date(start.getTime() + 42 * 60_000),
  });
  await createUser('coordinator@example.test', [{ role: 'coordinator', programmeId: P }]);
  coordinator = new ApiClient(api().baseUrl);
  await coordinator.login('coordinator@example.test');
});

describe('programme impact', () => {
  it('counts schools, classes, linked children, calls and their minutes, and progress per link', async () => {
    const res = await coordinator.get(url);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      schools: 2,
      classes: 3,
      children: 59,
      links: { proposed: 1, confirmed: 1, ended: 0 },
      calls: { held: 1, minutes: 42 },
      exchangeItems: 0,
    });
    expect(res.body.linkProgress).toEqual([expect.objectContaining({ name: '4A (Alder) ↔ 4B (Birch)', done: 1, total: 8 })]);
  });

  it('gives the same figures as CSV and as a one-page PDF', async () => {
    const csv = await coordinator.get<string>(`${url}?format=csv`);
    const rows: string[][] = parseCsv(csv.body, { relax_column_count: true });
    expect(rows).toContainEqual(['call minutes', '42']);
    const pdf = await coordinator.bytes(`${url}?format=pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const mupdf = await import('mupdf');
    const doc = mupdf.Document.openDocument(pdf.body, 'application/pdf');
    expect(doc.countPages()).toBe(1);
    const text = doc.loadPage(0).toStructuredText('preserve-whitespace').asText();
    for (const s of ['All Together Now', 'children in linked classes', '59', 'minutes of calls', '42', '4A (Alder) ↔ 4B (Birch)', '1/8'])
      expect(text).toContain(s);
    expect((await coordinator.get(`${url}?format=xls`)).status).toBe(400);
  });
});
