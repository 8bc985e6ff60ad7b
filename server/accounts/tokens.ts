import { createHash, randomBytes } from 'node:crypto';

/** An unguessable token for a cookie or an invitation link. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Only hashes of tokens are stored. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
