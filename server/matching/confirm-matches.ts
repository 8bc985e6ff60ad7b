// Turns confirmed proposals into the programme's schools, classes and confirmed links,
// and makes each school's joining fee due with its first link. Every link is logged before
// it is made. Schools and classes are found again by name and by form class, so a repeated
// confirmation (after a failure part-way) makes nothing twice.
import { Types } from 'mongoose';
import { schoolKey } from '../../shared/schemas/eoi.js';
import { MATCHING_FEE_PENCE, type MatchClassView, type MatchProposal } from '../../shared/schemas/matching.js';
import type { Models } from '../db/models.js';
import type { LogEventInput, SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { recordThen } from '../safeguarding/record-then.js';

export interface ConfirmedLink {
  id: string;
  classIds: string[];
  eoiClassIds: [string, string];
}

type EoiDocument = InstanceType<Models['Eoi']>;
type ClassDocument = InstanceType<Models['Class']>;
type LinkDocument = InstanceType<Models['Link']>;

/** What the caller has read already, under the programme's lock: the proposals' classes,
 * the forms of their schools, and every class made from a form with its links that are
 * not ended. */
export interface ConfirmationInputs {
  classesById: ReadonlyMap<string, MatchClassView>;
  eois: readonly EoiDocument[];
  classes: readonly ClassDocument[];
  links: readonly LinkDocument[];
}

export async function confirmMatches(
  models: Models,
  log: SafeguardingLog,
  who: Pick<LogEventInput, 'actor' | 'role'> & { userId: string },
  programmeId: string,
  proposals: readonly MatchProposal[],
  known: ConfirmationInputs,
): Promise<{ links: ConfirmedLink[]; feesDue: { eoiId: string; schoolName: string; amountPence: number }[] }> {
  const { School, Class, Link } = models;
  const { classesById } = known;
  const pid = new Types.ObjectId(programmeId);
  const eois = new Map(known.eois.map((e) => [e.id, e]));
  const schools = await School.find({ programmeId: pid });
  const schoolOf = new Map(schools.map((s) => [schoolKey(s.name), s]));

  const schoolFor = async (eoiId: string) => {
    const eoi = eois.get(eoiId)!;
    const known = schoolOf.get(eoi.schoolKey);
    if (known) return known;
    const created = await School.create({ programmeId: pid, name: eoi.schoolName, postcode: 'not given', ...(eoi.location ? { location: eoi.location } : {}) });
    schoolOf.set(eoi.schoolKey, created);
    return created;
  };
  // Classes made by an earlier confirmation, and their links that are not ended.
  const made = new Map(known.classes.map((c) => [c.eoiClassId!, c]));
  const activeLinks = known.links;
  const classFor = async (view: MatchClassView) => {
    const existing = made.get(view.classId);
    if (existing) return existing;
    const school = await schoolFor(view.eoiId);
    const n = view.classId.split(':')[2];
    return Class.create({
      programmeId: pid,
      schoolId: school._id,
      name: `${view.yearGroup} class ${n}`,
      yearGroup: view.yearGroup,
      pupilCount: 0,
      teacherIds: [],
      eoiClassId: view.classId,
    });
  };

  const links: ConfirmedLink[] = [];
  for (const proposal of proposals) {
    const [a, b] = proposal.classIds.map((id) => classesById.get(id)!) as [MatchClassView, MatchClassView];
    const [ca, cb] = [await classFor(a), await classFor(b)];
    const classIds = [ca._id, cb._id];
    const already = activeLinks.find((l) => classIds.every((id) => l.classIds.some((c) => c.equals(id))));
    if (already) {
      links.push({ id: already.id, classIds: classIds.map(String), eoiClassIds: proposal.classIds });
      continue;
    }
    const _id = new Types.ObjectId();
    const schoolIds = [ca.schoolId, cb.schoolId].map(String);
    const link = await recordThen(
      log,
      {
        ...who,
        scope: { programmeId, schoolIds, linkId: _id.toString() },
        type: 'link.created',
        payload: { classIds: classIds.map(String), fromMatching: proposal.classIds, reasons: proposal.reasons },
      },
      () =>
        Link.create({ _id, programmeId: pid, classIds, schoolIds, status: 'confirmed', confirmedAt: new Date(), createdBy: new Types.ObjectId(who.userId) }),
    );
    links.push({ id: link.id, classIds: classIds.map(String), eoiClassIds: proposal.classIds });
  }

  const feesDue = [];
  for (const eoiId of new Set(proposals.flatMap((p) => p.classIds.map((id) => classesById.get(id)!.eoiId)))) {
    const eoi = eois.get(eoiId)!;
    if (eoi.fee) continue;
    await recordThen(
      log,
      { ...who, scope: { programmeId }, type: 'eoi.fee-due', payload: { schoolName: eoi.schoolName, amountPence: MATCHING_FEE_PENCE } },
      () => eoi.set('fee', { amountPence: MATCHING_FEE_PENCE, dueAt: new Date() }).save(),
    );
    feesDue.push({ eoiId, schoolName: eoi.schoolName, amountPence: MATCHING_FEE_PENCE });
  }
  return { links, feesDue };
}
