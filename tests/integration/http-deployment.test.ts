// How Linkroom answers as the address people open says: over plain HTTP (a trial on a
// LAN address) no redirection of scripts to https and no Secure cookie; over HTTPS both.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
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

describe('the source code offer (AGPL section 13)', () => {
  const api = useApi('http_source');
  it('serves the running version as a .tar.gz of its source, without anything built', async () => {
    const res = await fetch(`${api().baseUrl}/source`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/linkroom-[\d.]+-source\.tar\.gz/);
    const archive = path.join(mkdtempSync(path.join(tmpdir(), 'linkroom-source-')), 'source.tar.gz');
    writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
    const names: string[] = [];
    await tar.list({ file: archive, onReadEntry: (e) => void names.push(e.path) });
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/LICENSE$/),
        expect.stringMatching(/\/server\/linkroom\.ts$/),
        expect.stringMatching(/\/client\/src\/App\.tsx$/),
      ]),
    );
    expect(names.filter((n) => /\/(node_modules|dist|build)\//.test(n))).toEqual([]);
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
