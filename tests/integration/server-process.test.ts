// The server as `npm start` runs it: a real process with the embedded database.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, waitForUrl } from '../support/server-process.js';

describe('the server process', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'linkroom-server-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits 1 naming the variable when PORT is not a number', async () => {
    const { child, output } = startServer({ PORT: 'abc' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output()).toMatch(/PORT: /);
  });

  it('starts with the embedded database, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const { child, output } = startServer({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, SFU_WORKERS: '1' });
    try {
      const url = await waitForUrl({ output, child });
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      const health = await res.json();
      expect(health).toMatchObject({ status: 'ok', db: { ok: true, kind: 'ferretdb', version: 'v1.24.2' }, sfu: { workers: 1, alive: 1 } });
      expect(health.version).toMatch(/^\d+\.\d+\.\d+/);

      const notFound = await fetch(`${url}/api/nothing-here`);
      expect(notFound.status).toBe(404);
      expect(await notFound.json()).toEqual({ error: { code: 'not-found', message: expect.any(String) } });

      // The server exits 1 itself when shutdown outlasts SHUTDOWN_TIMEOUT_MS (10 s), so 0
      // means it closed rooms, workers and the embedded database in time.
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses demo mode on a real installation', async () => {
    const realDir = mkdtempSync(path.join(tmpdir(), 'linkroom-real-'));
    try {
      const created = spawnSync(
        path.resolve('node_modules/.bin/tsx'),
        ['server/tools/admin-create.ts', '--email', 'c@la.example.test', '--programme', 'Real programme', '--local-authority', 'Exampleshire'],
        {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: realDir, LOG_LEVEL: 'warn' },
          encoding: 'utf8',
        },
      );
      expect(created.status, created.stdout + created.stderr).toBe(0);
      const { child, output } = startServer({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: realDir, SFU_WORKERS: '1', DEMO: '1' });
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(output()).toContain('Demo mode refused');
    } finally {
      rmSync(realDir, { recursive: true, force: true });
    }
  }, 60_000);
});
