// Password resets: asked for from the login page (sent by email only, and the answer never
// says whether the address has an account), or made by a coordinator for a member of the
// programme (emailed, or handed over when there is no mail); the link sets a new password
// once and ends every session of the account. Each step is logged; no link is.
import { Router } from 'express';
import { CompletePasswordResetSchema, RequestPasswordResetSchema } from '../../../shared/schemas/programme.js';
import { completePasswordReset, createPasswordReset, openPasswordReset, RESET_LINK_TTL_MS } from '../../accounts/password-resets.js';
import { recordThen } from '../../safeguarding/record-then.js';
import { actorOf, authorize } from '../auth.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { loadOr404 } from '../load.js';
import { jsonRateLimit } from '../rate-limit.js';
import { parse } from '../validate.js';

const REQUEST_WINDOW_MS = 15 * 60_000;
const REQUESTS_PER_WINDOW = 5;
const ASKED =
  'If that address has a Linkroom account, a link to set a new password has been emailed to it (it works for 2 hours). No email? Your coordinator can give you a reset link.';

export function passwordResetRoutes(ctx: AppContext): Router {
  const { User, Programme } = ctx.models;
  const router = Router();
  const resetUrl = (token: string) => `${ctx.config.publicUrl}/reset/${token}`;
  /** Emails the link; false when there is no mail transport or the send failed. */
  const email = (to: string, token: string) =>
    ctx.mailer
      .send({
        to,
        subject: 'Set a new Linkroom password',
        text: `Someone (we hope you) asked to set a new password for your Linkroom account.\n\nSet it here (the link works for ${RESET_LINK_TTL_MS / 3_600_000} hours, once):\n${resetUrl(token)}\n\nIf you did not ask, ignore this email: your password stays as it is.\n`,
      })
      .then(
        () => ctx.mailer.configured,
        (err: unknown) => {
          ctx.logger.warn({ err: err instanceof Error ? err.message : String(err), to }, 'password-reset email could not be sent');
          return false;
        },
      );

  const askLimiter = jsonRateLimit({
    windowMs: REQUEST_WINDOW_MS,
    limit: REQUESTS_PER_WINDOW,
    message: 'Too many reset requests. Wait 15 minutes, or ask your coordinator for a reset link.',
    keyPart: (req) => String(req.body?.email ?? '').toLowerCase().slice(0, 254),
  });

  router.post('/auth/password-reset', askLimiter, async (req, res) => {
    const { email: address } = parse(RequestPasswordResetSchema, req.body);
    const user = await User.findOne({ email: address.toLowerCase() });
    const eligible = !!user && !(user.demo && !ctx.config.demo) && ctx.mailer.configured;
    await ctx.log.record({
      actor: { kind: 'anonymous', id: req.ip ?? 'unknown' },
      role: 'anonymous',
      scope: {},
      type: 'auth.password-reset-requested',
      payload: { email: address.toLowerCase(), account: !!user, emailed: eligible },
    });
    if (eligible) await email(user.email, await createPasswordReset(ctx.models, user._id, 'self'));
    // The same answer whether or not the address has an account.
    res.status(202).json({ message: ASKED });
  });

  router.post('/programmes/:programmeId/users/:userId/password-reset', async (req, res) => {
    const programme = await loadOr404(Programme, req.params.programmeId, 'programme');
    const { auth, grant } = authorize(req, 'user:change-roles', { programmeId: programme.id });
    const user = await loadOr404(User, req.params.userId, 'user');
    if (!user.grants.some((g) => String(g.programmeId) === programme.id)) throw new HttpError(404, 'not-found', 'There is no such person in this programme.');
    const token = await recordThen(
      ctx.log,
      { actor: actorOf(auth), role: grant.role, scope: { programmeId: programme.id }, type: 'auth.password-reset-link-made', payload: { userId: user.id as string } },
      () => createPasswordReset(ctx.models, user._id, 'coordinator'),
    );
    const emailed = await email(user.email, token);
    // Not emailed (no mail transport, or the send failed): the coordinator hands the link over.
    res.status(201).json({ emailed, expiresInHours: RESET_LINK_TTL_MS / 3_600_000, ...(emailed ? {} : { resetUrl: resetUrl(token) }) });
  });

  router.get('/password-resets/:token', async (req, res) => {
    const reset = await openPasswordReset(ctx.models, req.params.token);
    const user = await User.findById(reset.userId, { email: 1 });
    if (!user) throw new HttpError(404, 'not-found', 'This account no longer exists.');
    res.json({ email: user.email, expiresAt: reset.expiresAt.toISOString() });
  });

  router.post('/password-resets/:token', async (req, res) => {
    const reset = await openPasswordReset(ctx.models, req.params.token);
    const { password } = parse(CompletePasswordResetSchema, req.body);
    const user = await User.findById(reset.userId, { name: 1 });
    if (!user) throw new HttpError(404, 'not-found', 'This account no longer exists.');
    const sessionsEnded = await recordThen(
      ctx.log,
      { actor: { kind: 'user', id: user.id as string, label: user.name }, role: 'user', scope: {}, type: 'auth.password-reset', payload: { requestedBy: reset.requestedBy } },
      () => completePasswordReset(ctx.models, reset, password),
    );
    ctx.disconnectSockets?.({ userId: user.id as string });
    res.json({ sessionsEnded });
  });

  return router;
}
