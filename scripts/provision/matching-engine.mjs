// The matching engine: a small Node-API addon around LEMON's maximum-weight matching
// (Debian's liblemon-dev, header-only for this use), compiled once per machine with the
// system g++ against node-addon-api, cached outside the clone and copied beside its source.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, REPO_DIR, hashPaths, run } from './step.mjs';

const SOURCE_DIR = path.join(REPO_DIR, 'server', 'matching', 'native');
const SOURCE = path.join(SOURCE_DIR, 'lemon-matching.cc');
/** Where the server loads it from (git-ignored). */
export const INSTALLED_ENGINE = path.join(SOURCE_DIR, 'build', 'lemon-matching.node');
const NAPI_VERSION = 8; // Node ≥ 20 supports it

function cachedEnginePath() {
  const addonApi = JSON.parse(readFileSync(path.join(REPO_DIR, 'node_modules', 'node-addon-api', 'package.json'), 'utf8')).version;
  return path.join(CACHE_DIR, `matching-engine-${addonApi}-${hashPaths([SOURCE_DIR])}`, 'lemon-matching.node');
}

function buildEngine(target) {
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const include = (pkg) => `-I${path.join(REPO_DIR, 'node_modules', pkg)}`;
  run('matching engine', 'g++', [
    '-O2', '-std=c++17', '-shared', '-fPIC', `-DNAPI_VERSION=${NAPI_VERSION}`, '-DNAPI_DISABLE_CPP_EXCEPTIONS',
    `${include('node-api-headers')}/include`, include('node-addon-api'), SOURCE, '-o', partial,
  ], { fix: 'liblemon-dev and build-essential must be installed (scripts/provision/apt.mjs); see the compiler output above', quiet: true });
  renameSync(partial, target);
}

export function ensureMatchingEngine() {
  const cached = cachedEnginePath();
  const stamp = `${INSTALLED_ENGINE}.linkroom`;
  if (existsSync(INSTALLED_ENGINE) && existsSync(stamp) && readFileSync(stamp, 'utf8') === cached) return 'up to date';
  let outcome = `cached at ${cached}`;
  if (!existsSync(cached)) {
    buildEngine(cached);
    outcome = `built ${cached}`;
  }
  mkdirSync(path.dirname(INSTALLED_ENGINE), { recursive: true });
  copyFileSync(cached, INSTALLED_ENGINE);
  writeFileSync(stamp, cached);
  return outcome;
}
