// npm run backup and npm run restore, end to end on the real database: a programme with a
// picture on its wall, backed up, restored into an empty database, served again the same,
// and its safeguarding log still verifies.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { useApi } from '../support/api-harness.js';
import { runTool } from '../support/run-tool.js';

const source = useApi('backup_source');
const target = useApi('backup_target');
const archive = path.join(mkdtempSync(path.join(tmpdir(), 'linkroom-backup-test-')), 'backup.tar.gz');
const id = () => new Types.ObjectId();
const [P, A, B, a1, b1, L1] = [id(), id(), id(), id(), id(), id()];

const tool = (script: 'backup' | 'restore', dbName: string, args: string[]) => runTool(script, dbName, args);
const dbName = (api: typeof source) => api().models.User.db.name;

let itemId: string;
let original: Buffer;

beforeAll(async () => {
  const { models, createUser, client } = source();
  await models.Programme.create({
    _id: P,
    name: 'P',
    localAuthority: 'X',
    academicYear: '2025-26',
    retention: DEFAULT_RETENTION,
    plan: SCHOOLS_LINKING_TEMPLATE,
  });
  await models.School.create([
    { _id: A, programmeId: P, name: 'Alder', postcode: 'ZZ1 1AA' },
    { _id: B, programmeId: P, name: 'Birch', postcode: 'ZZ1 1AB' },
  ]);
  const ta = await createUser('ta@example.test', [{ role: 'teacher', programmeId: P, schoolId: A }]);
  await models.Class.create([
    { _id: a1, programmeId: P, schoolId: A, name: '4A', yearGroup: 'Y4', pupilCount: 20, teacherIds: [ta] },
    { _id: b1, programmeId: P, schoolId: B, name: '4B', yearGroup: 'Y4', pupilCount: 20 },
  ]);
  await models.Link.create({ _id: L1, programmeId: P, classIds: [a1, b1], schoolIds: [A, B], status: 'confirmed' });
  const teacher = client();
  await teacher.login('ta@example.test');
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .png()
    .toBuffer();
  const res = await teacher.upload(`/api/links/${L1}/exchange`, new Blob([new Uint8Array(png)]), 'pond.png', { title: 'Our pond' });
  expect(res.status).toBe(201);
  itemId = (res.body as { id: string }).id;
  original = (await teacher.bytes(`/api/exchange/${itemId}/file`)).body;
  expect(original.length).toBeGreaterThan(0);
});

describe('backup and restore', () => {
  it('backs up, restores into an empty database, and serves the same wall and an intact log', async () => {
    const backedUp = tool('backup', dbName(source), ['--out', archive]);
    expect(backedUp.code, backedUp.out).toBe(0);
    expect(backedUp.out).toMatch(/Backup written to .*backup\.tar\.gz/);

    const restored = tool('restore', dbName(target), [archive]);
    expect(restored.code, restored.out).toBe(0);

    const teacher = target().client();
    expect((await teacher.login('ta@example.test')).status).toBe(200);
    const wall = await teacher.request<{ items: { id: string; title: string }[] }>('GET', `/api/links/${L1}/exchange`);
    expect(wall.body.items.map((i) => [i.id, i.title])).toEqual([[itemId, 'Our pond']]);
    const file = await teacher.bytes(`/api/exchange/${itemId}/file`);
    expect(file.status).toBe(200);
    expect(file.body.equals(original)).toBe(true);

    const before = await source().log.verify();
    const after = await target().log.verify();
    expect(after).toMatchObject({ ok: true });
    expect(after.headSeq).toBeGreaterThanOrEqual(before.headSeq - 1); // the source logged the login since
  });

  it('refuses to restore into a database that has data, changing nothing', async () => {
    const users = await target().models.User.countDocuments();
    const refused = tool('restore', dbName(target), [archive]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('is not empty');
    expect(await target().models.User.countDocuments()).toBe(users);
  });
});
