// Time-limited TURN credentials (the "TURN REST API" coturn implements with
// use-auth-secret): the username is the expiry time and who it is for, the password an
// HMAC-SHA1 of that username with the secret shared with the TURN server. Nothing is stored.
import { createHmac } from 'node:crypto';

export interface IceServer {
  urls: string[];
  username: string;
  credential: string;
}

export function turnCredentials(secret: string, who: string, ttlS: number, now = new Date()): { username: string; credential: string } {
  const expiry = Math.floor(now.getTime() / 1000) + ttlS;
  const username = `${expiry}:${who}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

export function iceServersFor(turn: { urls: string[]; secret: string; ttlS: number } | undefined, who: string, now = new Date()): IceServer[] {
  return turn ? [{ urls: turn.urls, ...turnCredentials(turn.secret, who, turn.ttlS, now) }] : [];
}
