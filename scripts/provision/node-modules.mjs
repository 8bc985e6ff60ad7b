// Installs the npm dependencies exactly as locked, once per lock-file change.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_DIR, run } from './step.mjs';

const STAMP = path.join(REPO_DIR, 'node_modules', '.linkroom-lock.sha256');

/** `production`: only the dependencies the built server needs (`npm run serve`). */
export function ensureNodeModules(production = false) {
  const lock = readFileSync(path.join(REPO_DIR, 'package-lock.json'));
  const digest = createHash('sha256')
    .update(lock)
    .update(production ? 'production' : 'all')
    .digest('hex');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === digest) return 'up to date';
  // .npmrc sets ignore-scripts: mediasoup's postinstall would try to download or build
  // its worker, which the mediasoup step does with the shims instead.
  run('npm dependencies', 'npm', ['ci', '--no-audit', '--no-fund', ...(production ? ['--omit=dev'] : [])], {
    fix: 'check that the npm registry is reachable (`npm ping`), then run `npm ci`',
  });
  writeFileSync(STAMP, digest);
  return 'installed';
}
