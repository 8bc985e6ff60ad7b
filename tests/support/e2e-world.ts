// Seeds the shared e2e server's database directly: a programme, two schools, one class
// each, a confirmed link and a link teacher per school.
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { inject } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.js';
import { connectMongoose } from '../../server/db/database.js';
import { modelsFor, type Models } from '../../server/db/models.js';
import { DEFAULT_RETENTION, SCHOOLS_LINKING_TEMPLATE } from '../../shared/programme-template.js';
import './provided.js';

export const E2E_PASSWORD = 'a classroom-safe password';

export interface E2eWorld {
  connection: Connection;
  models: Models;
  linkId: Types.ObjectId;
  schools: { id: Types.ObjectId; name: string; className: string; classId: Types.ObjectId; teacherEmail: string }[];
}

/** Seeds the shared e2e server's database, or the one at `dbUri` (a test's own server). */
export async function seedLinkWorld(tag: string, dbUri = inject('appDbUri')): Promise<E2eWorld> {
  const uri = new URL(dbUri);
  const dbName = uri.pathname.slice(1);
  uri.pathname = '/';
  const connection = await connectMongoose(uri.toString(), dbName);
  const models = await modelsFor(connection);
  const programmeId = new Types.ObjectId();
  await models.Programme.create({
    _id: programmeId,
    name: `E2E ${tag}`,
    localAuthority: 'Testshire',
    academicYear: '2025-26',
    retention: DEFAULT_RETENTION,
    plan: SCHOOLS_LINKING_TEMPLATE,
  });
  const passwordHash = await hashPassword(E2E_PASSWORD);
  const schools = [];
  for (const [name, className] of [
    ['Rowan Primary', '4R'],
    ['Sycamore Primary', '4S'],
  ] as const) {
    const school = await models.School.create({ programmeId, name, postcode: 'ZZ1 1AA' });
    const teacherEmail = `teacher.${className.toLowerCase()}.${tag}@example.test`;
    const teacher = await models.User.create({
      email: teacherEmail,
      name: `Teacher of ${className}`,
      passwordHash,
      grants: [{ role: 'teacher', programmeId, schoolId: school._id }],
    });
    const cls = await models.Class.create({ programmeId, schoolId: school._id, name: className, yearGroup: 'Y4', pupilCount: 28, teacherIds: [teacher._id] });
    schools.push({ id: school._id, name, className, classId: cls._id, teacherEmail });
  }
  const link = await models.Link.create({ programmeId, classIds: schools.map((s) => s.classId), schoolIds: schools.map((s) => s.id), status: 'confirmed' });
  return { connection, models, linkId: link._id, schools };
}
