// Linkroom for the storm benchmark, in its own process: one programme with BENCH_CALLS
// confirmed links (two schools, a teacher and a class each), a session per teacher (as if
// they had logged in earlier that morning), and the embedded database's pid for its CPU.
import { Types } from 'mongoose';
import { pino } from 'pino';
import { createSession } from '../../../server/accounts/sessions.js';
import { SESSION_COOKIE } from '../../../server/http/auth.js';
import { loadConfig } from '../../../server/config.js';
import { startLinkroom } from '../../../server/linkroom.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../../shared/programme-template.js';
import { startTestDatabaseServer } from '../../../tests/support/test-database-server.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveIpc } from '../server-ipc.js';

export interface StormLink {
  linkId: string;
  cookies: [string, string];
  csrfs: [string, string];
}
export type StormReady = { type: 'ready'; url: string; dbPid: number | null; links: StormLink[] };

const CALLS = Number(process.env.BENCH_CALLS ?? 10);
const db = await startTestDatabaseServer();
const server = await startLinkroom(
  loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    MONGODB_URI: `${db.uri}bench_storm_${process.pid}`,
    CLIENT_DIST: mkdtempSync(path.join(tmpdir(), 'no-client-')),
    LOG_LEVEL: 'warn',
  }),
  pino({ level: 'warn' }),
);
const m = server.models;
const P = new Types.ObjectId();
await m.Programme.create({ _id: P, name: 'Storm', localAuthority: 'X', academicYear: '2026-27', retention: DEFAULT_RETENTION, plan: SCHOOLS_LINKING_TEMPLATE });
const schools = await m.School.insertMany(Array.from({ length: 2 * CALLS }, (_, i) => ({ programmeId: P, name: `School ${i}`, postcode: 'ZZ1 1AA' })));
const teachers = await m.User.insertMany(
  schools.map((s, i) => ({
    email: `storm${i}@example.test`,
    name: `Teacher ${i}`,
    passwordHash: 'unused',
    grants: [{ role: 'teacher', programmeId: P, schoolId: s._id }],
  })),
);
const classes = await m.Class.insertMany(
  schools.map((s, i) => ({ programmeId: P, schoolId: s._id, name: `4${i}`, yearGroup: 'Y4', pupilCount: 25, teacherIds: [teachers[i]!._id] })),
);
const links: StormLink[] = [];
for (let k = 0; k < CALLS; k++) {
  const link = await m.Link.create({
    programmeId: P,
    classIds: [classes[2 * k]!._id, classes[2 * k + 1]!._id],
    schoolIds: [schools[2 * k]!._id, schools[2 * k + 1]!._id],
    status: 'confirmed',
  });
  const sessions = await Promise.all([0, 1].map((j) => createSession(m, teachers[2 * k + j]!._id, 12 * 3_600_000)));
  links.push({
    linkId: link.id,
    cookies: sessions.map((s) => `${SESSION_COOKIE}=${s.token}`) as [string, string],
    csrfs: sessions.map((s) => s.session.csrfToken) as [string, string],
  });
}
serveIpc(async () => {
  await server.close();
  await db.stop();
});
process.send!({ type: 'ready', url: server.url, dbPid: db.pid ?? null, links } satisfies StormReady);
