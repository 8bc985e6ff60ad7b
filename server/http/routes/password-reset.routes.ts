// Password resets: asked for from the login page (sent by email only, and the answer never
// says whether the address has an account); a coordinator's link for a member is made in
// user.routes.ts. The link sets a new password once and ends every session of the account.
// Each step is logged; no link is.
import { Router } from 'express';
import { CompletePasswordResetSchema, RequestPasswordResetSchema } from '../../../shared/schemas/programme.js';
import { sendLink } from '../../accounts/mailer.js';
import { completePasswordReset, createPasswordReset, openPasswordReset, resetMail, resetUrl } from '../../accounts/password-resets.js';
import { recordThen } from '../../safeguarding/record-then.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { jsonRateLimit } from '../rate-limit.js';
import { parse } from '../../errors/parse-input.js';

const REQUEST_WINDOW_MS = 15 * 60_000;
const REQUESTS_PER_WINDOW = 5;
const ASKED =
  'If that address has a Linkroom account, a link to set a new password has been emailed to it (it works for 2 hours). No email? Your coordinator can give you a reset link.';

/** The email a request names, for its rate-limit key ('' if none). */
const emailOf = (body: unknown): string => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : '';
};

export function passwordResetRoutes(ctx: AppContext): Router {
  const { User } = ctx.models;
  const router = Router();
  const askLimiter = jsonRateLimit({
    name: 'password-reset',
    redis: ctx.redis,
    windowMs: REQUEST_WINDOW_MS,
    limit: REQUESTS_PER_WINDOW,
    message: 'Too many reset requests. Wait 15 minutes, or ask your coordinator for a reset link.',
    keyPart: (req) => emailOf(req.body).toLowerCase().slice(0, 254),
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
    if (eligible)
      await sendLink(ctx.mailer, resetMail(user.email, resetUrl(ctx.config.publicUrl, await createPasswordReset(ctx.models, user._id, 'self'))), ctx.logger);
    // The same answer whether or not the address has an account.
    res.status(202).json({ message: ASKED });
  });

  router.get('/password-resets/:token', async (req, res) => {
    const reset = await openPasswordReset(ctx.models, req.params.token);
    const user = await User.findById(reset.userId, { email: 1 });
    if (!user) throw new Refusal(404, 'not-found', 'This account no longer exists.');
    res.json({ email: user.email, expiresAt: reset.expiresAt.toISOString() });
  });

  router.post('/password-resets/:token', async (req, res) => {
    const reset = await openPasswordReset(ctx.models, req.params.token);
    const { password } = parse(CompletePasswordResetSchema, req.body);
    const user = await User.findById(reset.userId, { name: 1 });
    if (!user) throw new Refusal(404, 'not-found', 'This account no longer exists.');
    const sessionsEnded = await recordThen(
      ctx.log,
      {
        actor: { kind: 'user', id: user.id, label: user.name },
        role: 'user',
        scope: {},
        type: 'auth.password-reset',
        payload: { requestedBy: reset.requestedBy },
      },
      () => completePasswordReset(ctx.models, reset, password),
    );
    ctx.live.disconnectUser({ userId: user.id });
    res.json({ sessionsEnded });
  });

  return router;
}
