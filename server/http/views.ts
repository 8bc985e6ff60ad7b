// What the API shows of each document: ids as strings, no internal fields.
import type { HydratedDocument } from 'mongoose';
import type { ClassDoc } from '../programme/class.model.js';
import type { LinkDoc } from '../programme/link.model.js';
import type { ProgrammeDoc } from '../programme/programme.model.js';
import type { SchoolDoc } from '../programme/school.model.js';

type Doc<T> = HydratedDocument<T>;
const ids = (list: unknown[]) => list.map(String);

export const programmeView = (p: Doc<ProgrammeDoc>) => ({
  id: p.id,
  name: p.name,
  localAuthority: p.localAuthority,
  academicYear: p.academicYear,
  cpdDates: p.cpdDates,
  retention: p.retention,
  plan: p.plan,
  allowClassInSeveralLinks: p.allowClassInSeveralLinks,
});

export const schoolView = (s: Doc<SchoolDoc>) => ({
  id: s.id,
  programmeId: String(s.programmeId),
  name: s.name,
  postcode: s.postcode,
  location: s.location?.lat !== undefined ? s.location : undefined,
  urn: s.urn,
  bandwidthCapKbps: s.bandwidthCapKbps ?? undefined,
  incomingWorkNeedsApproval: !!s.incomingWorkNeedsApproval,
  safeguardingContacts: s.safeguardingContacts,
});

export const classView = (c: Doc<ClassDoc>) => ({
  id: c.id,
  programmeId: String(c.programmeId),
  schoolId: String(c.schoolId),
  name: c.name,
  yearGroup: c.yearGroup,
  pupilCount: c.pupilCount,
  teacherIds: ids(c.teacherIds),
  surnames: c.surnames ?? [],
});

export const linkView = (l: Doc<LinkDoc>) => ({
  id: l.id,
  programmeId: String(l.programmeId),
  classIds: ids(l.classIds),
  schoolIds: ids(l.schoolIds),
  status: l.status,
  phase: l.phase,
  progress: l.progress.map((p) => ({ milestoneKey: p.milestoneKey, doneAt: p.doneAt.toISOString() })),
  confirmedAt: l.confirmedAt?.toISOString(),
  endedAt: l.endedAt?.toISOString(),
});
