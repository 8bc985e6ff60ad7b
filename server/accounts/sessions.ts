// Server-side sessions: the cookie carries a random token, the database its hash, the
// user, a CSRF token and the expiry. Logging out deletes the session; logging out
// everywhere deletes all of the user's sessions.
import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import { newToken, tokenHash } from './tokens.js';

export async function createSession(models: Models, userId: Types.ObjectId, ttlMs: number, userAgent?: string) {
  const token = newToken();
  const now = new Date();
  const session = await models.Session.create({
    tokenHash: tokenHash(token),
    userId,
    csrfToken: newToken(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlMs),
    userAgent: userAgent?.slice(0, 300),
  });
  return { token, session };
}

/** The live session for a cookie token; an expired one is deleted and not returned. */
export async function findSession(models: Models, token: string) {
  const session = await models.Session.findOne({ tokenHash: tokenHash(token) });
  if (!session) return { session: null, expired: false };
  if (session.expiresAt.getTime() <= Date.now()) {
    await models.Session.deleteOne({ _id: session._id });
    return { session: null, expired: true };
  }
  return { session, expired: false };
}

export const deleteSession = (models: Models, token: string) => models.Session.deleteOne({ tokenHash: tokenHash(token) });
export const deleteAllSessions = (models: Models, userId: Types.ObjectId) => models.Session.deleteMany({ userId });
