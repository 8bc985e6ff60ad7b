// How Linkroom answers as the address people open says: over plain HTTP (a trial on a
// LAN address) no redirection of scripts to https and no Secure cookie; over HTTPS both.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api-harness.js';

const loginCookie = async (api: ReturnType<ReturnType<typeof useApi>>) => {
  await api.createUser('coord@example.test', []);
  const c = api.client();
  const res = await c.post('/api/auth/login', { email: 'coord@example.test', password: 'correct horse battery staple' });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie') ?? '';
};

describe('served over plain HTTP', () => {
  const api = useApi('http_plain', { publicUrl: 'http://192.168.1.20:3000' });
  it('does not send browsers to https, and its session cookie works without TLS', async () => {
    const res = await fetch(`${api().baseUrl}/healthz`);
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(await loginCookie(api())).not.toMatch(/;\s*Secure/i);
  });
});

describe('served over HTTPS (behind a proxy)', () => {
  const api = useApi('http_tls', { publicUrl: 'https://linkroom.example.org' });
  it('upgrades insecure requests and marks the session cookie Secure', async () => {
    const res = await fetch(`${api().baseUrl}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    expect(await loginCookie(api())).toMatch(/;\s*Secure/i);
  });
});
