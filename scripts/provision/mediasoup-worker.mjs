// The mediasoup C++ worker, built once per machine from mediasoup's own sources through
// mediasoup's own install flow, against Debian's libraries (see
// scripts/mediasoup-worker/subprojects/README.md), then cached outside the clone.
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, ProvisionError, REPO_DIR, hashPaths, installFromCache, packageVersion, run } from './step.mjs';

const SHIM_DIR = path.join(REPO_DIR, 'scripts', 'mediasoup-worker');
const RELATIVE_WORKER = path.join('worker', 'out', 'Release', 'mediasoup-worker');

/** Cache key: mediasoup's version plus everything we change in its build. */
function cachedWorkerPath(version) {
  return path.join(CACHE_DIR, `mediasoup-worker-${version}-${hashPaths([SHIM_DIR])}`, 'mediasoup-worker');
}

/** Puts each shim where meson expects the wrap's download: worker/subprojects/<directory>. */
function placeShims(mediasoupDir) {
  const subprojects = path.join(mediasoupDir, 'worker', 'subprojects');
  for (const wrap of readdirSync(subprojects).filter((f) => f.endsWith('.wrap'))) {
    const shim = path.join(SHIM_DIR, 'subprojects', wrap.replace(/\.wrap$/, ''));
    if (!existsSync(shim)) continue; // e.g. wingetopt: Windows only
    const dir = /^directory\s*=\s*(\S+)/m.exec(readFileSync(path.join(subprojects, wrap), 'utf8'))?.[1];
    if (!dir) throw new ProvisionError('mediasoup worker', `${wrap} has no directory line`, 'update the shims for this mediasoup version');
    rmSync(path.join(subprojects, dir), { recursive: true, force: true });
    cpSync(shim, path.join(subprojects, dir), { recursive: true });
  }
}

function buildWorker(version, target) {
  const stage = path.join(CACHE_DIR, 'build', `mediasoup-${version}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ private: true, dependencies: { mediasoup: version } }));
  const fix = 'see the output above; the Debian packages in scripts/provision/apt.mjs must be installed';
  run('mediasoup worker', 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: stage, fix });
  const mediasoupDir = path.join(stage, 'node_modules', 'mediasoup');
  placeShims(mediasoupDir);
  // mediasoup's postinstall: tries its prebuilt download first (works with internet),
  // then builds locally; the shims stand in for the wraps, so meson never downloads.
  run('mediasoup worker', 'npm', ['rebuild', 'mediasoup', '--foreground-scripts', '--ignore-scripts=false'], {
    cwd: stage,
    env: { ...process.env, MESON_ARGS: '--wrap-mode=nodownload' },
    fix,
  });
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(mediasoupDir, RELATIVE_WORKER), target);
  chmodSync(target, 0o755);
  rmSync(stage, { recursive: true, force: true });
}

export function ensureMediasoupWorker() {
  const version = packageVersion('mediasoup');
  return installFromCache({
    cached: cachedWorkerPath(version),
    installed: path.join(REPO_DIR, 'node_modules', 'mediasoup', RELATIVE_WORKER),
    build: (target) => buildWorker(version, target),
    mode: 0o755,
  });
}
