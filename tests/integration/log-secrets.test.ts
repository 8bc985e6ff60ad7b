// No secret in the server's log: a whole run of the real server process at trace level,
// driven through login, an invitation and requests carrying every kind of secret, then its
// entire output searched for each secret it was given.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, waitForUrl, type ServerProcess } from '../support/server-process.js';

describe('the server log', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'linkroom-log-secrets-'));
  let server: ServerProcess | undefined;
  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds none of the cookies, CSRF and device tokens, passwords and invitation links it saw', async () => {
    server = startServer({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, SFU_WORKERS: '1', DEMO: '1', LOG_LEVEL: 'trace' });
    const url = await waitForUrl(server);
    const json = { 'content-type': 'application/json' };
    // (The demo password itself is printed on purpose at a demo start, with the demo logins.)
    const secrets: string[] = ['wrong-secret-password-1234', 'device-token-secret-5678', 'bearer-secret-9012'];

    await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'coordinator@demo.linkroom.test', password: secrets[0] }),
    });
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'coordinator@demo.linkroom.test', password: 'linkroom-demo' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    secrets.push(cookie.split('=')[1]!, csrfToken);
    const auth = { cookie, 'x-csrf-token': csrfToken, ...json };

    const programmes = (await (await fetch(`${url}/api/programmes`, { headers: auth })).json()) as { id: string }[];
    const invited = await fetch(`${url}/api/programmes/${programmes[0]!.id}/invitations`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email: 'new.dsl@example.test', role: 'programme-dsl' }),
    });
    expect(invited.status).toBe(201);
    const { inviteUrl } = (await invited.json()) as { inviteUrl: string };
    const token = inviteUrl.split('/').at(-1)!;
    secrets.push(token);
    expect((await fetch(`${url}/api/invitations/${token}`)).status).toBe(200);
    await fetch(`${url}/api/programmes?token=${token}`, { headers: { 'x-linkroom-device': secrets[1]!, authorization: `Bearer ${secrets[2]}` } });

    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
    const log = server.output();
    expect(log).toContain('/api/invitations/[token]'); // the requests were logged, without their secrets
    for (const secret of secrets) expect(log.includes(secret), `the log holds ${secret}`).toBe(false);
  }, 60_000);
});
