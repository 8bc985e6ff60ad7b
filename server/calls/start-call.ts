// Starting a call for a confirmed link: the year plan's next call (or the one named), its
// lesson's agenda, and a join code per class, reserved before the call exists. Logged first.
import { Types, type HydratedDocument } from 'mongoose';
import { z } from 'zod';
import type { LogActor } from '../../shared/schemas/log.js';
import type { Models } from '../db/models.js';
import { Refusal } from '../errors/refusal.js';
import { recordThen } from '../safeguarding/record-then.js';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { DEFAULT_AGENDA } from './agenda.js';
import type { CallDoc } from './call.model.js';
import { newJoinCode } from './join-code.js';
import { joinCodeIsFree, reserveJoinCodes } from './join-codes.js';

export const StartCallSchema = z.strictObject({
  title: z.string().trim().min(1).max(120).optional(),
  /** The call milestone of the year plan this call is; its agenda is the lesson's. */
  milestoneKey: z.string().min(1).max(40).optional(),
});
const MAX_CODE_TRIES = 20;

export interface LinkToCall {
  id: string;
  _id: Types.ObjectId;
  programmeId: Types.ObjectId;
  schoolIds: Types.ObjectId[];
  classIds: Types.ObjectId[];
  status: string;
  progress: { milestoneKey: string }[];
}

async function uniqueCode(models: Models, taken: Set<string>): Promise<string> {
  for (let i = 0; i < MAX_CODE_TRIES; i++) {
    const code = newJoinCode();
    if (!taken.has(code) && (await joinCodeIsFree(models, code))) {
      taken.add(code);
      return code;
    }
  }
  throw new Refusal(503, 'no-code', 'could not find a free join code; try again');
}

export async function startCall(
  deps: { models: Models; log: SafeguardingLog },
  link: LinkToCall,
  who: { actor: LogActor; role: string; userId: string },
  body: z.output<typeof StartCallSchema>,
): Promise<HydratedDocument<CallDoc>> {
  const { models } = deps;
  if (link.status !== 'confirmed') throw new Refusal(409, 'wrong-status', `calls are held on confirmed links; this one is ${link.status}`);
  const programme = await models.Programme.findById(link.programmeId);
  const milestones = programme?.plan?.phases.flatMap((p) => p.milestones) ?? [];
  // Without a milestone: the next call of the year plan this link has not done yet.
  const done = new Set(link.progress.map((p) => p.milestoneKey));
  const milestone = body.milestoneKey
    ? milestones.find((m) => m.key === body.milestoneKey && m.kind === 'call')
    : milestones.find((m) => m.kind === 'call' && !done.has(m.key));
  if (body.milestoneKey && !milestone) throw new Refusal(400, 'bad-request', `body.milestoneKey: no call ${body.milestoneKey} in this programme’s year plan`);
  const title = body.title ?? milestone?.title ?? 'Class call';
  const agenda = milestone?.agenda?.length
    ? milestone.agenda.map((a) => ({ title: a.title, durationMin: a.durationMin, ...(a.kind ? { kind: a.kind } : {}) }))
    : DEFAULT_AGENDA;
  const classes = await models.Class.find({ _id: { $in: link.classIds } });
  const taken = new Set<string>();
  const devices: { classId: Types.ObjectId; schoolId: Types.ObjectId; className: string; code: string }[] = [];
  for (const c of classes) devices.push({ classId: c._id, schoolId: c.schoolId, className: c.name, code: await uniqueCode(models, taken) });
  const _id = new Types.ObjectId();
  const scope = { programmeId: link.programmeId.toString(), schoolIds: link.schoolIds.map(String), linkId: link.id, callId: _id.toString() };
  return recordThen(
    deps.log,
    { actor: who.actor, role: who.role, scope, type: 'call.created', payload: { title, milestoneKey: milestone?.key ?? null } },
    async () => {
      // The codes first: a call never exists without the look-up of its codes.
      await reserveJoinCodes(
        models,
        _id,
        devices.map((d) => d.code),
      );
      return models.Call.create({
        _id,
        programmeId: link.programmeId,
        linkId: link._id,
        schoolIds: link.schoolIds,
        title,
        agenda,
        devices,
        createdBy: who.userId,
      });
    },
  );
}
