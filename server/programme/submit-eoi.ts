// Storing a school's expression of interest, whoever enters it (the coordinator, or the
// school through the programme's public form). One per school: a later one replaces the
// earlier in a single write (nothing half-saved), and both are logged. A partner school to
// keep must be a school of the programme, or one that has expressed interest in it.
import type { Types } from 'mongoose';
import { schoolKey, type EoiInput } from '../../shared/schemas/eoi.js';
import type { Models } from '../db/models.js';
import type { LogEventInput, SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { recordThen } from '../safeguarding/record-then.js';
import { EoiError } from './eoi-error.js';

/** Names a form may give as its partner: the programme's schools and the schools that expressed interest. */
/** What submitting an expression of interest needs. */
export interface EoiDeps {
  models: Pick<Models, 'Eoi' | 'School'>;
  log: SafeguardingLog;
}

export async function knownSchoolNames(ctx: EoiDeps, programmeId: Types.ObjectId): Promise<string[]> {
  const { School, Eoi } = ctx.models;
  const [schools, eois] = await Promise.all([School.find({ programmeId }, { name: 1 }), Eoi.find({ programmeId }, { schoolName: 1 })]);
  return [...new Set([...schools.map((s) => s.name), ...eois.map((e) => e.schoolName)])].sort((a, b) => a.localeCompare(b));
}

/** Whether a school of this key has sent a form (indexed), or is one of the programme's schools. */
async function isKnownSchool(ctx: EoiDeps, programmeId: Types.ObjectId, key: string): Promise<boolean> {
  if (await ctx.models.Eoi.exists({ programmeId, schoolKey: key })) return true;
  return (await ctx.models.School.find({ programmeId }, { name: 1 })).some((s) => schoolKey(s.name) === key);
}

export interface SubmitOptions {
  /** Through the public form: a school's earlier form may only be replaced from the same email address. */
  sameEmailToReplace?: boolean;
}

export async function submitEoi(
  ctx: EoiDeps,
  programmeId: Types.ObjectId,
  body: EoiInput,
  who: Pick<LogEventInput, 'actor' | 'role'>,
  options: SubmitOptions = {},
) {
  const { Eoi } = ctx.models;
  const key = schoolKey(body.schoolName);
  if (body.keepPartnerSchoolName) {
    const partnerKey = schoolKey(body.keepPartnerSchoolName);
    if (partnerKey === key) throw new EoiError('bad-request', 'body.keepPartnerSchoolName: a school cannot be its own partner');
    if (!(await isKnownSchool(ctx, programmeId, partnerKey))) {
      throw new EoiError(
        'unknown-partner',
        `body.keepPartnerSchoolName: "${body.keepPartnerSchoolName}" is not a school of this programme, nor has it expressed interest in it yet`,
      );
    }
  }
  const previous = await Eoi.findOne({ programmeId, schoolKey: key }, { submissions: 1, location: 1, profile: 1, priority: 1, fee: 1, email: 1 });
  // Anyone with the public link could otherwise rewrite another school's form (and, by
  // naming partners, steer the matching).
  if (previous && options.sameEmailToReplace && previous.email.toLowerCase() !== body.email.toLowerCase()) {
    throw new EoiError(
      'already-sent',
      `${body.schoolName} has already sent a form from another email address: to change it, send it from that address or ask your coordinator`,
    );
  }
  // The school's own fields are replaced; what the coordinator added (and the fee) stays.
  const kept = previous ? { location: previous.location, profile: previous.profile, priority: previous.priority, fee: previous.fee } : {};
  const fields = { programmeId, schoolKey: key, ...body, ...kept, submissions: (previous?.submissions ?? 0) + 1, submittedAt: new Date() };
  const eoi = await recordThen(
    ctx.log,
    {
      ...who,
      scope: { programmeId: programmeId.toString() },
      type: 'eoi.submitted',
      payload: { schoolName: body.schoolName, classes: body.classes, replacesEarlier: !!previous },
    },
    // One write: the whole expression replaces the earlier one, or is new.
    () => Eoi.findOneAndReplace({ programmeId, schoolKey: key }, fields, { upsert: true, returnDocument: 'after', runValidators: true }),
  );
  return { eoi: eoi, replaced: !!previous };
}
