// Request authentication (session cookie → user and principal), CSRF for cookie-
// authenticated writes, and authorisation against the shared table.
import type { IdLike } from '../../shared/id-like.js';
import type { Request, RequestHandler } from 'express';
import type { Types } from 'mongoose';
import { can, grantFor, type Action, type Grant, type Principal, type Role, type Target } from '../../shared/auth.js';
import type { LogActor } from '../../shared/schemas/log.js';
import { findSession } from '../accounts/sessions.js';
import type { ServerContext } from '../app-context.js';
import { Refusal } from '../errors/refusal.js';

export const SESSION_COOKIE = 'linkroom_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface AuthState {
  userId: string;
  name: string;
  email: string;
  csrfToken: string;
  token: string;
  principal: Principal;
}

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthState;
  }
}

export async function principalOf(
  ctx: ServerContext,
  user: { _id: Types.ObjectId; grants: { role: string; programmeId: IdLike; schoolId?: IdLike | null }[] },
): Promise<Principal> {
  // A teacher of a class is a teacher of its school: the classes are looked for among their
  // schools' (an index serves schoolId on every database; none serves a look-up inside the
  // teacherIds array on the embedded one).
  const schoolIds = user.grants.flatMap((g) => (g.schoolId ? [String(g.schoolId)] : []));
  const classes = schoolIds.length
    ? (await ctx.models.Class.find({ schoolId: { $in: schoolIds } }, { teacherIds: 1 }).lean()).filter((c) => c.teacherIds.some((t) => t.equals(user._id)))
    : [];
  return {
    userId: user._id.toString(),
    grants: user.grants.map((g) => ({
      role: g.role as Role,
      programmeId: String(g.programmeId),
      ...(g.schoolId ? { schoolId: String(g.schoolId) } : {}),
    })),
    classIds: classes.map((c) => c._id.toString()),
  };
}

/** Who a session cookie's token belongs to, if it names a live session (REST and sockets). */
export async function authFromToken(ctx: ServerContext, token: unknown): Promise<AuthState | undefined> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 100) return undefined;
  const { session } = await findSession(ctx.models, token);
  if (!session) return undefined;
  const user = await ctx.models.User.findById(session.userId);
  if (!user || (user.demo && !ctx.config.demo)) return undefined;
  return {
    userId: user._id.toString(),
    name: user.name,
    email: user.email,
    csrfToken: session.csrfToken,
    token,
    principal: await principalOf(ctx, user),
  };
}

/** Loads the session named by the cookie, if any. Never rejects a request by itself. */
export function loadSession(ctx: ServerContext): RequestHandler {
  return async (req, _res, next) => {
    const auth = await authFromToken(ctx, (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE]);
    if (auth) req.auth = auth;
    next();
  };
}

/** Cookie-authenticated writes must carry the session's CSRF token in a header. */
export const requireCsrf: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || !req.auth) return next();
  if (req.get(CSRF_HEADER) !== req.auth.csrfToken) {
    throw new Refusal(403, 'csrf', `missing or wrong ${CSRF_HEADER} header: reload the page and try again`);
  }
  next();
};

export function requireUser(req: Request): AuthState {
  if (!req.auth) throw new Refusal(401, 'unauthenticated', 'log in first');
  return req.auth;
}

/** Throws 403 unless the table allows it; returns the grant that allowed it (for the log). */
export function authorize(req: Request, action: Action, target: Target | null): { auth: AuthState; grant: Grant } {
  const auth = requireUser(req);
  const grant = grantFor(auth.principal, action, target);
  if (!grant) throw new Refusal(403, 'forbidden', `you may not ${action.replace(':', ' ')} here`);
  return { auth, grant };
}

export const allowed = (req: Request, action: Action, target: Target | null) => !!req.auth && can(req.auth.principal, action, target);

export const actorOf = (auth: AuthState): LogActor => ({ kind: 'user', id: auth.userId, label: auth.name });
