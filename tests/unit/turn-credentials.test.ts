// TURN REST API credentials as coturn checks them: username = expiry:who, password =
// base64(HMAC-SHA1(secret, username)).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor, turnCredentials } from '../../server/turn/turn-credentials.js';

describe('turnCredentials', () => {
  it('gives a username that expires after the TTL and the HMAC coturn expects', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const { username, credential } = turnCredentials('a shared secret of enough length', 'peer-1', 3600, now);
    expect(username).toBe(`${now.getTime() / 1000 + 3600}:peer-1`);
    expect(credential).toBe(createHmac('sha1', 'a shared secret of enough length').update(username).digest('base64'));
    expect(turnCredentials('another secret, also long enough', 'peer-1', 3600, now).credential).not.toBe(credential);
  });

  it('gives no ICE servers without TURN, and the URLs with credentials with it', () => {
    expect(iceServersFor(undefined, 'peer-1')).toEqual([]);
    const servers = iceServersFor(
      { urls: ['turn:10.0.0.5:3478?transport=udp', 'turns:10.0.0.5:443?transport=tcp'], secret: 'x'.repeat(20), ttlS: 60 },
      'peer-1',
    );
    expect(servers).toEqual([
      {
        urls: ['turn:10.0.0.5:3478?transport=udp', 'turns:10.0.0.5:443?transport=tcp'],
        username: expect.stringMatching(/^\d+:peer-1$/),
        credential: expect.any(String),
      },
    ]);
  });
});
