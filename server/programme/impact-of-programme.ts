// A programme's impact figures, read from its schools, classes, links, calls and exchange
// (impact.ts computes them).
import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import { impactOf } from './impact.js';

export async function impactOfProgramme(
  models: Pick<Models, 'School' | 'Class' | 'Link' | 'Call' | 'ExchangeItem'>,
  programme: { _id: Types.ObjectId; plan?: { phases: { milestones: unknown[] }[] } | null },
) {
  const programmeId = programme._id;
  const [schools, classes, links, calls, exchangeItems] = await Promise.all([
    models.School.find({ programmeId }, { name: 1 }),
    models.Class.find({ programmeId }, { name: 1, pupilCount: 1, schoolId: 1 }),
    models.Link.find({ programmeId }, { status: 1, classIds: 1, phase: 1, progress: 1 }),
    models.Call.find({ programmeId }, { liveAt: 1, endedAt: 1 }),
    models.ExchangeItem.countDocuments({ programmeId, deletedAt: { $exists: false } }),
  ]);
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const classLabel = new Map(classes.map((c) => [c.id, `${c.name} (${schoolName.get(String(c.schoolId)) ?? '?'})`]));
  return impactOf({
    schools: schools.length,
    classes: classes.map((c) => ({ id: c.id, pupilCount: c.pupilCount })),
    links: links.map((l) => ({
      id: l.id,
      name: l.classIds.map((id) => classLabel.get(String(id)) ?? '?').join(' ↔ '),
      status: l.status,
      classIds: l.classIds.map(String),
      phase: l.phase,
      done: l.progress.length,
    })),
    calls,
    exchangeItems,
    milestonesInPlan: programme.plan?.phases.reduce((n, p) => n + p.milestones.length, 0) ?? 0,
  });
}
