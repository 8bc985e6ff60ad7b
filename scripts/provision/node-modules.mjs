// Installs the npm dependencies exactly as locked, then applies `patches/` (patch-package),
// once per change of the lock file or of a patch.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_DIR, run } from './step.mjs';

const STAMP = path.join(REPO_DIR, 'node_modules', '.linkroom-lock.sha256');
const PATCHES_DIR = path.join(REPO_DIR, 'patches');

function inputsDigest() {
  const hash = createHash('sha256').update(readFileSync(path.join(REPO_DIR, 'package-lock.json')));
  for (const name of existsSync(PATCHES_DIR) ? readdirSync(PATCHES_DIR).sort() : []) hash.update(name).update(readFileSync(path.join(PATCHES_DIR, name)));
  return hash.digest('hex');
}

export function ensureNodeModules() {
  const digest = inputsDigest();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === digest) return 'up to date';
  // .npmrc sets ignore-scripts: mediasoup's postinstall would try to download or build
  // its worker, which the mediasoup step does with the shims instead. For the same reason
  // patches are applied here rather than from a postinstall script.
  run('npm dependencies', 'npm', ['ci', '--no-audit', '--no-fund'], {
    fix: 'check that the npm registry is reachable (`npm ping`), then run `npm ci`',
  });
  run('npm dependency patches', 'npx', ['--no-install', 'patch-package', '--error-on-fail'], {
    fix: 'a patch in patches/ no longer applies: the patched package changed version; see patches/README.md',
  });
  writeFileSync(STAMP, digest);
  return 'installed';
}
