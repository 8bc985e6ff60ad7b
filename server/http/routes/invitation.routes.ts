// Invitations: a coordinator invites a teacher, DSL or head by email; the link sets up the
// account (or adds the role to an existing one) and logs them in.
import { Router } from 'express';
import { Types } from 'mongoose';
import { SCHOOL_ROLES, type Role } from '../../../shared/auth.js';
import { AcceptInvitationSchema, InvitationSchema } from '../../../shared/schemas/programme.js';
import { hashPassword, verifyPassword } from '../../accounts/passwords.js';
import { sendLink } from '../../accounts/mailer.js';
import { newToken, tokenHash } from '../../accounts/tokens.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';
import { startSession } from './auth.routes.js';

export const INVITATION_TTL_MS = 14 * 24 * 3_600_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

export function invitationRoutes(ctx: AppContext): Router {
  const { Programme, School, Invitation, User } = ctx.models;
  const router = Router();

  router.post('/programmes/:programmeId/invitations', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'invitation:create', { programmeId: programme.id });
    const body = parse(InvitationSchema, req.body);
    const needsSchool = SCHOOL_ROLES.has(body.role);
    if (needsSchool !== !!body.schoolId) {
      throw new Refusal(
        400,
        'bad-request',
        needsSchool ? `body.schoolId: a ${body.role} belongs to a school` : `body.schoolId: a ${body.role} is programme-wide`,
      );
    }
    const school = body.schoolId ? await School.findOne({ _id: body.schoolId, programmeId: programme._id }) : null;
    if (body.schoolId && !school) throw new Refusal(400, 'bad-request', 'body.schoolId: no such school in this programme');
    const token = newToken();
    const _id = new Types.ObjectId();
    const now = new Date();
    const invitation = await recordThen(
      ctx.log,
      {
        actor: actorOf(auth),
        role: grant.role,
        scope: { programmeId: programme.id, ...(school ? { schoolIds: [school.id] } : {}) },
        type: 'invitation.sent',
        payload: { invitationId: _id.toString(), email: body.email.toLowerCase(), role: body.role },
      },
      () =>
        Invitation.create({
          _id,
          tokenHash: tokenHash(token),
          email: body.email,
          role: body.role,
          programmeId: programme._id,
          schoolId: school?._id,
          invitedBy: auth.userId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        }),
    );
    const inviteUrl = `${ctx.config.publicUrl}/invite/${token}`;
    // The invitation is saved: a send that fails must not hide its link from the coordinator.
    const sent = await sendLink(
      ctx.mailer,
      {
        to: invitation.email,
        subject: `You are invited to ${programme.name} on Linkroom`,
        text: `${auth.name} has invited you to join ${programme.name}${school ? ` for ${school.name}` : ''} as ${body.role}.\n\nSet up your account here (the link works for 14 days):\n${inviteUrl}\n`,
      },
      ctx.logger,
    );
    res.status(201).json({
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      emailed: sent,
      // Not emailed (no mail transport, or the send failed): the coordinator passes the link on.
      ...(sent ? {} : { inviteUrl }),
    });
  });

  async function openInvitation(token: string) {
    if (!TOKEN_PATTERN.test(token)) throw new Refusal(404, 'not-found', 'no such invitation');
    const invitation = await Invitation.findOne({ tokenHash: tokenHash(token) });
    if (!invitation) throw new Refusal(404, 'not-found', 'no such invitation');
    if (invitation.acceptedAt) throw new Refusal(410, 'invitation-used', 'this invitation has already been used; log in instead');
    if (invitation.expiresAt.getTime() <= Date.now())
      throw new Refusal(410, 'invitation-expired', 'this invitation has expired; ask your coordinator for a new one');
    return invitation;
  }

  router.get('/invitations/:token', async (req, res) => {
    const invitation = await openInvitation(req.params.token);
    const [programme, school, existing] = await Promise.all([
      Programme.findById(invitation.programmeId),
      invitation.schoolId ? School.findById(invitation.schoolId) : null,
      User.exists({ email: invitation.email }),
    ]);
    res.json({
      email: invitation.email,
      role: invitation.role,
      programme: programme?.name,
      school: school?.name,
      expiresAt: invitation.expiresAt.toISOString(),
      hasAccount: !!existing,
    });
  });

  router.post('/invitations/:token/accept', async (req, res) => {
    const invitation = await openInvitation(req.params.token);
    const body = parse(AcceptInvitationSchema, req.body);
    const grant = { role: invitation.role as Role, programmeId: invitation.programmeId, ...(invitation.schoolId ? { schoolId: invitation.schoolId } : {}) };
    let user = await User.findOne({ email: invitation.email });
    if (user && !(await verifyPassword(user.passwordHash, body.password))) {
      throw new Refusal(401, 'invalid-credentials', 'an account with this email exists: enter its password to add this role to it');
    }
    const userId = user?._id ?? new Types.ObjectId();
    const passwordHash = user ? undefined : await hashPassword(body.password);
    await recordThen(
      ctx.log,
      {
        actor: { kind: 'user', id: userId.toString(), label: user?.name ?? body.name },
        role: invitation.role,
        scope: { programmeId: String(invitation.programmeId), ...(invitation.schoolId ? { schoolIds: [String(invitation.schoolId)] } : {}) },
        type: 'invitation.accepted',
        payload: { invitationId: invitation.id, newAccount: !user },
      },
      async () => {
        // Marking it used first means a second accept of the same link cannot succeed.
        const claimed = await Invitation.updateOne({ _id: invitation._id, acceptedAt: null }, { acceptedAt: new Date(), acceptedBy: userId });
        if (claimed.modifiedCount !== 1) throw new Refusal(410, 'invitation-used', 'this invitation has already been used');
        if (user) await User.updateOne({ _id: user._id }, { $push: { grants: grant } });
        else await User.create({ _id: userId, email: invitation.email, name: body.name, passwordHash, grants: [grant] });
      },
    );
    user = await User.findById(userId);
    res.status(201).json(await startSession(ctx, req, res, user!));
  });

  return router;
}
