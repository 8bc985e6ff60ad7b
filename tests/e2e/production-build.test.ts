// The production install, as a local authority makes it: the build (npm run build's
// compile step; npm test has built the client), a clean copy of the installation, only
// production dependencies (`npm run provision -- --for production`), `npm run serve`'s
// command with no tsx, no bundler and no provisioning — and a browser opens its login page
// over plain HTTP on 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { START_TIMEOUT_MS, waitForUrl } from '../support/server-process.js';

const INSTALL_TIMEOUT_MS = 600_000;

function run(cmd: string, args: string[], cwd: string): string {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' }, timeout: INSTALL_TIMEOUT_MS });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

describe('the production build', () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'linkroom-production-'));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((r) => server!.once('exit', r));
    rmSync(copy, { recursive: true, force: true });
  });

  it(
    'starts from the build with production dependencies only, and serves its login page',
    async () => {
      run('npx', ['tsc', '-p', 'tsconfig.build.json'], process.cwd());
      expect(existsSync('dist/client/index.html')).toBe(true);
      // A clean copy: the files git knows (tracked, or new and not ignored) and the build.
      const files = run('git', ['ls-files', '--cached', '--others', '--exclude-standard'], process.cwd())
        .split('\n')
        .filter((f) => f && existsSync(f));
      for (const f of files) {
        mkdirSync(path.join(copy, path.dirname(f)), { recursive: true });
        cpSync(f, path.join(copy, f));
      }
      cpSync('dist', path.join(copy, 'dist'), { recursive: true });
      run('node', ['scripts/provision.mjs', '--for', 'production'], copy);
      expect(existsSync(path.join(copy, 'node_modules', 'tsx'))).toBe(false);
      expect(existsSync(path.join(copy, 'node_modules', 'vite'))).toBe(false);

      server = spawn('node', ['dist/server/server/index.js'], {
        cwd: copy,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          HOST: '127.0.0.1',
          PORT: '0',
          SFU_WORKERS: '1',
          LOG_LEVEL: 'warn',
          DATA_DIR: path.join(copy, 'data'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      server.stdout!.on('data', (d) => (out += d));
      server.stderr!.on('data', (d) => (out += d));
      const url = await waitForUrl({ child: server, output: () => out });
      expect((await (await fetch(`${url}/healthz`)).json()).status).toBe('ok');

      browser = await chromium.connect(inject('browserWsEndpoint'));
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${url}/login`);
      await page.getByTestId('login-email').waitFor({ timeout: START_TIMEOUT_MS });
      expect(await page.getByTestId('login-submit').isVisible()).toBe(true);
    },
    INSTALL_TIMEOUT_MS,
  );
});
