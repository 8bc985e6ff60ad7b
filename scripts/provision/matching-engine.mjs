// The matching engine: a small Node-API addon around LEMON's maximum-weight matching
// (Debian's liblemon-dev, header-only for this use), compiled once per machine with the
// system g++ against node-addon-api, cached outside the clone and copied beside its source.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, REPO_DIR, hashPaths, installFromCache, packageVersion, run } from './step.mjs';

const SOURCE_DIR = path.join(REPO_DIR, 'server', 'matching', 'native');
const SOURCE = path.join(SOURCE_DIR, 'lemon-matching.cc');
/** Where the server loads it from (git-ignored; lemon-engine.ts). */
const INSTALLED_ENGINE = path.join(SOURCE_DIR, 'build', 'lemon-matching.node');
const NAPI_VERSION = 8; // Node ≥ 20 supports it

const include = (pkg) => `-I${path.join(REPO_DIR, 'node_modules', pkg)}`;
const COMPILE_FLAGS = ['-O2', '-std=c++17', '-shared', '-fPIC', `-DNAPI_VERSION=${NAPI_VERSION}`, '-DNAPI_DISABLE_CPP_EXCEPTIONS'];

/** Cache key: the source, the flags, and the versions of what it is compiled against. */
function cachedEnginePath() {
  const lemon = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'liblemon-dev'], { encoding: 'utf8' }).stdout || 'unknown';
  const against = createHash('sha256')
    .update(JSON.stringify([COMPILE_FLAGS, packageVersion('node-addon-api'), packageVersion('node-api-headers'), lemon]))
    .digest('hex')
    .slice(0, 8);
  return path.join(CACHE_DIR, `matching-engine-${hashPaths([SOURCE])}-${against}`, 'lemon-matching.node');
}

function buildEngine(target) {
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  // Quiet: on failure the error carries the compiler's last lines.
  run('matching engine', 'g++', [...COMPILE_FLAGS, `${include('node-api-headers')}/include`, include('node-addon-api'), SOURCE, '-o', partial], {
    fix: 'liblemon-dev and build-essential must be installed (scripts/provision/apt.mjs); the compiler output is above',
    quiet: true,
  });
  renameSync(partial, target);
}

export function ensureMatchingEngine() {
  return installFromCache({ cached: cachedEnginePath(), installed: INSTALLED_ENGINE, build: buildEngine });
}
