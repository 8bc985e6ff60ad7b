// A coordinator invites a teacher, DSL or head by email: the invitation is logged and
// stored, then its link is emailed, or shown to the coordinator when it cannot be.
import { Types } from 'mongoose';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { SCHOOL_ROLES } from '../../shared/auth.js';
import type { LogActor } from '../../shared/schemas/log.js';
import type { InvitationSchema } from '../../shared/schemas/programme.js';
import type { Models } from '../db/models.js';
import { Refusal } from '../errors/refusal.js';
import { recordThen } from '../safeguarding/record-then.js';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import { sendLink, type Mailer } from './mailer.js';
import { newToken, tokenHash } from './tokens.js';

export const INVITATION_TTL_MS = 14 * 24 * 3_600_000;

export interface InviteDeps {
  models: Pick<Models, 'School' | 'Invitation'>;
  log: SafeguardingLog;
  mailer: Mailer;
  logger: Logger;
  config: { publicUrl: string };
}

export async function invite(
  deps: InviteDeps,
  programme: { id: string; _id: Types.ObjectId; name: string },
  who: { actor: LogActor; role: string; userId: string; name: string },
  body: z.output<typeof InvitationSchema>,
) {
  const needsSchool = SCHOOL_ROLES.has(body.role);
  if (needsSchool !== !!body.schoolId) {
    throw new Refusal(
      400,
      'bad-request',
      needsSchool ? `body.schoolId: a ${body.role} belongs to a school` : `body.schoolId: a ${body.role} is programme-wide`,
    );
  }
  const school = body.schoolId ? await deps.models.School.findOne({ _id: body.schoolId, programmeId: programme._id }) : null;
  if (body.schoolId && !school) throw new Refusal(400, 'bad-request', 'body.schoolId: no such school in this programme');
  const token = newToken();
  const _id = new Types.ObjectId();
  const now = new Date();
  const invitation = await recordThen(
    deps.log,
    {
      actor: who.actor,
      role: who.role,
      scope: { programmeId: programme.id, ...(school ? { schoolIds: [school.id] } : {}) },
      type: 'invitation.sent',
      payload: { invitationId: _id.toString(), email: body.email.toLowerCase(), role: body.role },
    },
    () =>
      deps.models.Invitation.create({
        _id,
        tokenHash: tokenHash(token),
        email: body.email,
        role: body.role,
        programmeId: programme._id,
        schoolId: school?._id,
        invitedBy: who.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      }),
  );
  const inviteUrl = `${deps.config.publicUrl}/invite/${token}`;
  // The invitation is saved: a send that fails must not hide its link from the coordinator.
  const sent = await sendLink(
    deps.mailer,
    {
      to: invitation.email,
      subject: `You are invited to ${programme.name} on Linkroom`,
      text: `${who.name} has invited you to join ${programme.name}${school ? ` for ${school.name}` : ''} as ${body.role}.\n\nSet up your account here (the link works for 14 days):\n${inviteUrl}\n`,
    },
    deps.logger,
  );
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt.toISOString(),
    emailed: sent,
    // Not emailed (no mail transport, or the send failed): the coordinator passes the link on.
    ...(sent ? {} : { inviteUrl }),
  };
}
