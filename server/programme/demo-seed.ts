// Demo data resembling the seed programmes: one programme year, 12 schools, 18 classes,
// 8 links, and a login for each role. All names are invented. Demo accounts are marked
// `demo` and refused unless the server runs with DEMO=1.
import { Types } from 'mongoose';
import type { Role } from '../../shared/auth.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import { hashPassword } from '../accounts/passwords.js';
import type { Models } from '../db/models.js';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { academicYearOf } from '../safeguarding/retention-rules.js';
import { seedDemoEois } from './demo-eois.js';

export const DEMO_PASSWORD = 'linkroom-demo';

const SCHOOLS: [name: string, postcode: string, lat: number, lng: number][] = [
  ['Alder Street Primary', 'ZZ1 1AA', 53.071, -2.201],
  ['Brookfield Primary', 'ZZ1 2BB', 53.083, -2.187],
  ['Canal Side Community Primary', 'ZZ1 3CC', 53.064, -2.23],
  ['Dovecote CE Primary', 'ZZ2 1DD', 53.12, -2.31],
  ['Elmhurst Junior School', 'ZZ2 2EE', 53.091, -2.162],
  ['Foxley Moor Primary', 'ZZ2 3FF', 53.151, -2.36],
  ['Greenway Academy', 'ZZ3 1GG', 53.058, -2.214],
  ['Hollins Lane Primary', 'ZZ3 2HH', 53.077, -2.245],
  ['Ivy Bank Primary', 'ZZ3 3II', 53.102, -2.198],
  ['Juniper Hill Primary', 'ZZ4 1JJ', 53.133, -2.274],
  ['Kestrel Fields Primary', 'ZZ4 2KK', 53.069, -2.176],
  ['Larkspur St Mary’s RC Primary', 'ZZ4 3LL', 53.088, -2.222],
];
// Schools 0–5 have a Y4 and a Y5 class, 6–9 a Y4, 10–11 a Y5: 18 classes, 16 of them linked.
const LINKS: [string, string][] = [
  ['0:Y4', '6:Y4'],
  ['1:Y4', '7:Y4'],
  ['2:Y4', '8:Y4'],
  ['3:Y4', '9:Y4'],
  ['0:Y5', '10:Y5'],
  ['1:Y5', '11:Y5'],
  ['4:Y4', '5:Y4'],
  ['4:Y5', '2:Y5'],
];

export interface DemoLogin {
  role: string;
  email: string;
  school?: string;
}

/** Seeds the demo programme; returns the logins (all with DEMO_PASSWORD). */
export async function seedDemo(models: Models, log: SafeguardingLog): Promise<DemoLogin[]> {
  const programmeId = new Types.ObjectId();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const logins: DemoLogin[] = [];
  const user = async (email: string, name: string, role: Role, schoolId?: Types.ObjectId, school?: string) => {
    const u = await models.User.create({ email, name, passwordHash, demo: true, grants: [{ role, programmeId, ...(schoolId ? { schoolId } : {}) }] });
    logins.push({ role, email, ...(school ? { school } : {}) });
    return u._id;
  };

  await models.Programme.create({
    _id: programmeId,
    name: `All Together Now ${academicYearOf(new Date())}`,
    localAuthority: 'Northbridge Council (demo)',
    academicYear: academicYearOf(new Date()),
    cpdDates: ['2025-09-25', '2026-01-22'],
    retention: DEFAULT_RETENTION,
    plan: SCHOOLS_LINKING_TEMPLATE,
  });
  await user('coordinator@demo.linkroom.test', 'Cam Coordinator', 'coordinator');
  await user('dsl@demo.linkroom.test', 'Dee Programme-DSL', 'programme-dsl');

  const classIds = new Map<string, Types.ObjectId>();
  const classSchool = new Map<string, Types.ObjectId>();
  for (const [i, [name, postcode, lat, lng]] of SCHOOLS.entries()) {
    const school = await models.School.create({
      programmeId,
      name,
      postcode,
      location: { lat, lng },
      safeguardingContacts: [{ name: `DSL of ${name}`, email: `dsl${i}@demo.linkroom.test` }],
    });
    const slug = `s${i + 1}`;
    const teacher = await user(`teacher.${slug}@demo.linkroom.test`, `Teacher at ${name}`, 'teacher', school._id, name);
    if (i < 2) {
      await user(`dsl.${slug}@demo.linkroom.test`, `DSL at ${name}`, 'school-dsl', school._id, name);
      await user(`head.${slug}@demo.linkroom.test`, `Head of ${name}`, 'head', school._id, name);
    }
    for (const yearGroup of i < 6 ? ['Y4', 'Y5'] : i < 10 ? ['Y4'] : ['Y5']) {
      const cls = await models.Class.create({
        programmeId,
        schoolId: school._id,
        name: `${yearGroup.slice(1)}${String.fromCharCode(65 + i)}`,
        yearGroup,
        pupilCount: 24 + ((i * 7) % 8),
        teacherIds: [teacher],
      });
      classIds.set(`${i}:${yearGroup}`, cls._id);
      classSchool.set(`${i}:${yearGroup}`, school._id);
    }
  }
  for (const [n, [a, b]] of LINKS.entries()) {
    const [ca, cb, sa, sb] = [classIds.get(a), classIds.get(b), classSchool.get(a), classSchool.get(b)];
    if (!ca || !cb || !sa || !sb) throw new Error(`demo link ${a}–${b} names a class that does not exist`);
    const confirmed = n < 6;
    await models.Link.create({
      programmeId,
      classIds: [ca, cb],
      schoolIds: [sa, sb],
      status: confirmed ? 'confirmed' : 'proposed',
      ...(confirmed ? { confirmedAt: new Date('2025-10-01') } : {}),
      progress:
        confirmed && n < 3
          ? [
              { milestoneKey: 'p1-exchange', doneAt: new Date('2025-10-20') },
              { milestoneKey: 'p1-call-1', doneAt: new Date('2025-11-05') },
            ]
          : [],
    });
  }
  const eois = await seedDemoEois(models, programmeId);
  await log.record({
    actor: { kind: 'system', id: 'demo-seed' },
    role: 'system',
    scope: { programmeId: programmeId.toString() },
    type: 'demo.seeded',
    payload: { schools: SCHOOLS.length, classes: classIds.size, links: LINKS.length, users: logins.length, expressionsOfInterest: eois },
  });
  return logins;
}

export function printDemoLogins(logins: DemoLogin[], url: string): string {
  const lines = [`Demo logins (password for all: ${DEMO_PASSWORD}) — open ${url}/login`];
  for (const l of logins) lines.push(`  ${l.role.padEnd(14)} ${l.email}${l.school ? `  (${l.school})` : ''}`);
  return lines.join('\n');
}
