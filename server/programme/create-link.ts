// A coordinator links classes (link-rules.ts says which links may be made); logged first.
import { Types } from 'mongoose';
import type { z } from 'zod';
import type { CreateLinkSchema } from '../../shared/schemas/programme.js';
import type { LogActor } from '../../shared/schemas/log.js';
import type { Models } from '../db/models.js';
import { Refusal } from '../errors/refusal.js';
import { recordThen } from '../safeguarding/record-then.js';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { checkNewLink, describeViolation } from './link-rules.js';

export async function createLink(
  deps: { models: Pick<Models, 'Class' | 'Link'>; log: SafeguardingLog },
  programme: { id: string; _id: Types.ObjectId; allowClassInSeveralLinks: boolean },
  who: { actor: LogActor; role: string; userId: string },
  body: z.output<typeof CreateLinkSchema>,
) {
  const { Class, Link } = deps.models;
  const classes = await Class.find({ _id: { $in: body.classIds } });
  const active = await Link.find({ programmeId: programme._id, status: { $ne: 'ended' }, classIds: { $in: body.classIds } });
  const activeLinkOfClass = new Map<string, string>();
  for (const l of active) for (const c of l.classIds) activeLinkOfClass.set(String(c), l.id);
  const violations = checkNewLink({
    programmeId: programme.id,
    requestedClassIds: body.classIds,
    classes: classes.map((c) => ({ id: c.id, programmeId: String(c.programmeId), schoolId: String(c.schoolId) })),
    activeLinkOfClass,
    allowClassInSeveralLinks: body.allowClassInSeveralLinks || programme.allowClassInSeveralLinks,
  });
  if (violations.length) {
    const conflict = violations.every((v) => v.code === 'class-already-linked');
    throw new Refusal(conflict ? 409 : 400, conflict ? 'class-already-linked' : 'invalid-link', violations.map(describeViolation).join('; '), { violations });
  }
  const _id = new Types.ObjectId();
  const schoolIds = [...new Set(classes.map((c) => String(c.schoolId)))];
  return recordThen(
    deps.log,
    {
      actor: who.actor,
      role: who.role,
      scope: { programmeId: programme.id, schoolIds, linkId: _id.toString() },
      type: 'link.created',
      payload: { classIds: body.classIds },
    },
    () => Link.create({ _id, programmeId: programme._id, classIds: body.classIds, schoolIds, createdBy: who.userId }),
  );
}
