import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressOf, parseTrustProxy, trustFunction } from '../../server/http/client-address.js';

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  }) as unknown as IncomingMessage;
const addressOf = (trust: string | undefined, peer: string, xff?: string) => clientAddressOf(request(peer, xff), trustFunction(parseTrustProxy(trust)));

describe('the client address', () => {
  it('ignores X-Forwarded-For unless a proxy is trusted (the default)', () => {
    expect(addressOf(undefined, '127.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
    expect(addressOf('none', '198.51.100.4', '203.0.113.9')).toBe('198.51.100.4');
  });

  it('takes the right-most address that is not a trusted proxy, whatever a client claims before it', () => {
    // nginx on loopback appends the real peer to what the client sent.
    expect(addressOf('loopback', '127.0.0.1', '10.66.0.3, 192.0.2.77')).toBe('192.0.2.77');
    expect(addressOf('loopback', '127.0.0.1', '192.0.2.77')).toBe('192.0.2.77');
    // A load balancer in 10.0.0.0/8 in front of nginx on loopback.
    expect(addressOf('loopback, 10.0.0.0/8', '127.0.0.1', '6.6.6.6, 192.0.2.80, 10.1.2.3')).toBe('192.0.2.80');
    // Not from the trusted proxy: its own address, whatever it claims.
    expect(addressOf('loopback', '198.51.100.4', '10.66.0.3')).toBe('198.51.100.4');
  });

  it('with a hop count, trusts that many proxies from the right', () => {
    expect(addressOf('1', '127.0.0.1', '10.66.0.3, 192.0.2.77')).toBe('192.0.2.77');
    expect(addressOf('2', '127.0.0.1', '10.66.0.3, 192.0.2.77')).toBe('10.66.0.3');
  });

  it('refuses a setting that is not addresses, CIDRs or a count', () => {
    expect(() => parseTrustProxy('not an address')).toThrow();
  });
});
