// Password resets: a link (a token whose hash is stored) that sets a new password once,
// within RESET_LINK_TTL_MS, and ends every session of the account. Asked for by the person
// ("Forgot your password?", sent by email only) or made by a coordinator, who hands it over
// when there is no mail.
import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import { DomainError } from '../errors/domain-error.js';
import { hashPassword } from './passwords.js';
import { deleteAllSessions } from './sessions.js';
import { newToken, tokenHash } from './tokens.js';

export const RESET_LINK_TTL_MS = 2 * 3_600_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

export class ResetLinkError extends DomainError<'reset-link-unknown' | 'reset-link-used' | 'reset-link-expired'> {
  readonly status: number;
  constructor(code: 'reset-link-unknown' | 'reset-link-used' | 'reset-link-expired') {
    super(
      code,
      code === 'reset-link-unknown'
        ? 'This reset link is not valid. Ask for a new one from the login page, or from your coordinator.'
        : code === 'reset-link-used'
          ? 'This reset link has already been used. Log in with your new password, or ask for a new link.'
          : 'This reset link has expired (links last 2 hours). Ask for a new one from the login page, or from your coordinator.',
    );
    this.status = code === 'reset-link-unknown' ? 404 : 410;
  }
}

/** Makes a reset link's token for a user. */
export async function createPasswordReset(models: Models, userId: Types.ObjectId, requestedBy: 'self' | 'coordinator', now = new Date()): Promise<string> {
  const token = newToken();
  await models.PasswordReset.create({
    tokenHash: tokenHash(token),
    userId,
    requestedBy,
    createdAt: now,
    expiresAt: new Date(now.getTime() + RESET_LINK_TTL_MS),
  });
  return token;
}

/** The reset a token opens, if it can still be used. */
export async function openPasswordReset(models: Models, token: string, now = new Date()) {
  if (!TOKEN_PATTERN.test(token)) throw new ResetLinkError('reset-link-unknown');
  const reset = await models.PasswordReset.findOne({ tokenHash: tokenHash(token) });
  if (!reset) throw new ResetLinkError('reset-link-unknown');
  if (reset.usedAt) throw new ResetLinkError('reset-link-used');
  if (reset.expiresAt.getTime() <= now.getTime()) throw new ResetLinkError('reset-link-expired');
  return reset;
}

/** Sets the new password once (a second use of the link finds it used) and ends every session. */
export async function completePasswordReset(
  models: Models,
  reset: { _id: Types.ObjectId; userId: Types.ObjectId },
  password: string,
  now = new Date(),
): Promise<number> {
  const claimed = await models.PasswordReset.updateOne({ _id: reset._id, usedAt: null }, { usedAt: now });
  if (claimed.modifiedCount !== 1) throw new ResetLinkError('reset-link-used');
  await models.User.updateOne({ _id: reset.userId }, { passwordHash: await hashPassword(password) });
  return (await deleteAllSessions(models, reset.userId)).deletedCount;
}

/** The email that carries a reset link. */
export const resetMail = (to: string, url: string) => ({
  to,
  subject: 'Set a new Linkroom password',
  text: `Someone (we hope you) asked to set a new password for your Linkroom account.\n\nSet it here (the link works for ${RESET_LINK_TTL_MS / 3_600_000} hours, once):\n${url}\n\nIf you did not ask, ignore this email: your password stays as it is.\n`,
});

export const resetUrl = (publicUrl: string, token: string) => `${publicUrl}/reset/${token}`;
