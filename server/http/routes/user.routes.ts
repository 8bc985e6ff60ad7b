// The people of a programme and their roles.
import { Router, type Request } from 'express';
import { ChangeRolesSchema, ErasePersonSchema } from '../../../shared/schemas/programme.js';
import { sendLink } from '../../accounts/mailer.js';
import { createPasswordReset, RESET_LINK_TTL_MS, resetMail, resetUrl } from '../../accounts/password-resets.js';
import { erasePerson, personalDataOf } from '../../accounts/personal-data.js';
import { changeRoles, grantsIn } from '../../accounts/role-changes.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { idParam } from '../../errors/parse-input.js';
import { loadOr404 } from '../load.js';
import { parse } from '../../errors/parse-input.js';

export function userRoutes(ctx: AppContext): Router {
  const { User, Programme } = ctx.models;
  const router = Router();

  router.get('/programmes/:programmeId/users', async (req, res) => {
    const programmeId = idParam(req.params.programmeId, 'programmeId');
    authorize(req, 'user:read', { programmeId });
    const users = await User.find({ 'grants.programmeId': programmeId }).sort({ name: 1 });
    res.json(users.map((u) => ({ id: u.id, name: u.name, email: u.email, grants: grantsIn(u.grants, programmeId) })));
  });

  router.put('/programmes/:programmeId/users/:userId/grants', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'user:change-roles', { programmeId: programme.id });
    const user = await loadOr404(User, req.params.userId, 'user');
    const body = parse(ChangeRolesSchema, req.body);
    const deps = { ...ctx, disconnectUser: (who: { userId: string }) => ctx.live.disconnectUser(who) };
    res.json(await changeRoles(deps, programme, user, { actor: actorOf(auth), role: grant.role }, body));
  });

  /** A coordinator's action on one member of their programme: the programme, the member, the grant. */
  async function memberOf(req: Request) {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'user:change-roles', { programmeId: programme.id });
    const user = await loadOr404(User, req.params.userId, 'user');
    if (!user.grants.some((g) => String(g.programmeId) === programme.id)) throw new Refusal(404, 'not-found', 'There is no such person in this programme.');
    return { programme, auth, grant, user };
  }

  // A link to set a new password, emailed, or handed over by the coordinator without mail.
  router.post('/programmes/:programmeId/users/:userId/password-reset', async (req, res) => {
    const { programme, auth, grant, user } = await memberOf(req);
    const token = await recordThen(
      ctx.log,
      {
        actor: actorOf(auth),
        role: grant.role,
        scope: { programmeId: programme.id },
        type: 'auth.password-reset-link-made',
        payload: { userId: user.id },
      },
      () => createPasswordReset(ctx.models, user._id, 'coordinator'),
    );
    const url = resetUrl(ctx.config.publicUrl, token);
    const emailed = await sendLink(ctx.mailer, resetMail(user.email, url), ctx.logger);
    res.status(201).json({ emailed, expiresInHours: RESET_LINK_TTL_MS / 3_600_000, ...(emailed ? {} : { resetUrl: url }) });
  });

  // Subject access: everything Linkroom holds about the person, as one JSON file; logged.
  router.get('/programmes/:programmeId/users/:userId/data-export', async (req, res) => {
    const { programme, auth, grant, user } = await memberOf(req);
    await ctx.log.record({
      actor: actorOf(auth),
      role: grant.role,
      scope: { programmeId: programme.id },
      type: 'user.data-exported',
      payload: { userId: user.id },
    });
    const data = await personalDataOf(ctx.models, ctx.log, user._id);
    res.attachment(`linkroom-personal-data-${user.id}.json`).json({ exportedAt: new Date().toISOString(), programme: programme.name, ...data });
  });

  // Erasure: the account and what is only about it go; safeguarding records stay (personal-data.ts).
  router.post('/programmes/:programmeId/users/:userId/erase', async (req, res) => {
    const { programme, auth, grant, user } = await memberOf(req);
    const { reason } = parse(ErasePersonSchema, req.body);
    const erased = await erasePerson(ctx.models, ctx.log, {
      userId: user._id,
      programmeId: programme.id,
      by: { id: auth.userId, label: auth.name, role: grant.role },
      reason,
    });
    ctx.live.disconnectUser({ userId: user.id });
    res.json(erased);
  });

  return router;
}
