// Invitations: a coordinator invites a teacher, DSL or head by email; the link sets up the
// account (or adds the role to an existing one) and logs them in.
import { Router } from 'express';
import { Types } from 'mongoose';
import type { Role } from '../../../shared/auth.js';
import { AcceptInvitationSchema, InvitationSchema } from '../../../shared/schemas/programme.js';
import { hashPassword, verifyPassword } from '../../accounts/passwords.js';
import { tokenHash } from '../../accounts/tokens.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';
import { startSession } from './auth.routes.js';
import { invite } from '../../accounts/invitations.js';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

export function invitationRoutes(ctx: AppContext): Router {
  const { Programme, School, Invitation, User } = ctx.models;
  const router = Router();

  router.post('/programmes/:programmeId/invitations', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'invitation:create', { programmeId: programme.id });
    const body = parse(InvitationSchema, req.body);
    res.status(201).json(await invite(ctx, programme, { actor: actorOf(auth), role: grant.role, userId: auth.userId, name: auth.name }, body));
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
