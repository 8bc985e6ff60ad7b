// Login, logout, logout everywhere, and the current session.
import { Router, type Request, type Response } from 'express';
import { Types } from 'mongoose';
import { EmptyBodySchema, LoginSchema } from '../../../shared/schemas/programme.js';
import { dummyPasswordHash, verifyPassword } from '../../accounts/passwords.js';
import { createSession, deleteAllSessions, deleteSession } from '../../accounts/sessions.js';
import { actorOf, principalOf, requireUser, SESSION_COOKIE } from '../auth.js';
import type { AppContext } from '../../app-context.js';
import { Refusal } from '../../errors/refusal.js';
import { jsonRateLimit } from '../rate-limit.js';
import { parse } from '../../errors/parse-input.js';

const LOGIN_WINDOW_MS = 15 * 60_000;

function setSessionCookie(ctx: AppContext, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    // Secure whenever people reach Linkroom over HTTPS (PUBLIC_URL), e.g. behind a proxy.
    secure: ctx.config.publicUrl.startsWith('https:'),
    path: '/',
    maxAge: ctx.config.sessionTtlMs,
  });
}

/** Creates a session, logs the login, and undoes the session if the log cannot be written. */
export async function startSession(ctx: AppContext, req: Request, res: Response, user: Parameters<typeof principalOf>[1] & { name: string; email: string }) {
  const { token, session } = await createSession(ctx.models, user._id, ctx.config.sessionTtlMs, req.get('user-agent'));
  try {
    await ctx.log.record({
      actor: { kind: 'user', id: user._id.toString(), label: user.name },
      role: 'user',
      scope: {},
      type: 'auth.login.succeeded',
      payload: { ip: req.ip ?? null },
    });
  } catch (err) {
    await session.deleteOne();
    throw err;
  }
  setSessionCookie(ctx, res, token);
  const principal = await principalOf(ctx, user);
  return { user: { id: user._id.toString(), name: user.name, email: user.email }, ...principal, csrfToken: session.csrfToken };
}

/** The email a request names, for its rate-limit key ('' if none). */
const emailOf = (body: unknown): string => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : '';
};

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  // Only failures count, per address and account: a school's shared address must not
  // lock out its other teachers.
  const loginLimiter = jsonRateLimit({
    name: 'login',
    redis: ctx.redis,
    windowMs: LOGIN_WINDOW_MS,
    limit: ctx.config.loginAttemptsPer15Min,
    message: 'Too many login attempts. Wait 15 minutes and try again.',
    skipSuccessfulRequests: true,
    keyPart: (req) => emailOf(req.body).toLowerCase().slice(0, 254),
  });

  router.post('/auth/login', loginLimiter, async (req, res) => {
    const { email, password } = parse(LoginSchema, req.body);
    const user = await ctx.models.User.findOne({ email: email.toLowerCase() });
    const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyPasswordHash(), password), false);
    if (!user || !ok || (user.demo && !ctx.config.demo)) {
      await ctx.log.record({
        actor: { kind: 'anonymous', id: req.ip ?? 'unknown' },
        role: 'anonymous',
        scope: {},
        type: 'auth.login.failed',
        payload: { email: email.toLowerCase() },
      });
      throw new Refusal(401, 'invalid-credentials', 'That email and password do not match an account.');
    }
    res.json(await startSession(ctx, req, res, user));
  });

  router.get('/auth/session', (req, res) => {
    const auth = requireUser(req);
    res.json({ user: { id: auth.userId, name: auth.name, email: auth.email }, ...auth.principal, csrfToken: auth.csrfToken });
  });

  router.post('/auth/logout', async (req, res) => {
    const auth = requireUser(req);
    parse(EmptyBodySchema, req.body);
    await ctx.log.record({ actor: actorOf(auth), role: 'user', scope: {}, type: 'auth.logout' });
    await deleteSession(ctx.models, auth.token);
    ctx.live.disconnectUser({ userId: auth.userId, token: auth.token });
    res.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).end();
  });

  router.post('/auth/logout-everywhere', async (req, res) => {
    const auth = requireUser(req);
    parse(EmptyBodySchema, req.body);
    await ctx.log.record({ actor: actorOf(auth), role: 'user', scope: {}, type: 'auth.logout-everywhere' });
    const { deletedCount } = await deleteAllSessions(ctx.models, new Types.ObjectId(auth.userId));
    ctx.live.disconnectUser({ userId: auth.userId });
    res.clearCookie(SESSION_COOKIE, { path: '/' }).json({ sessionsEnded: deletedCount });
  });

  return router;
}
