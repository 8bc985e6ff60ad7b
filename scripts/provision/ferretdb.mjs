// The embedded database: FerretDB v1 (MongoDB wire protocol on SQLite), built from its
// module on the Go module proxy with Linkroom's carried patch, cached per version and patch,
// and copied beside the code. Skipped when MONGODB_URI is set.
//
// `go install …/cmd/ferretdb@version` builds a binary that panics at start: FerretDB's
// release build writes build/version/version.txt first. So: copy the module source out
// of Go's module cache, write that file, patch it and `go build` it.
// The patch (scripts/ferretdb/README.md): filters pushed down through the collection's
// indexes, and createIndexes idempotent with several specs.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, REPO_DIR, ProvisionError, hasCommand, hashPaths, installFromCache, run } from './step.mjs';

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';
const PATCH_DIR = path.join(REPO_DIR, 'scripts', 'ferretdb');
/** Where the server runs it from (git-ignored; server/db/embedded-ferretdb.ts). */
const INSTALLED_BIN = path.join(REPO_DIR, 'server', 'db', 'build', 'ferretdb');

function buildFerretDb(target) {
  if (!hasCommand('go')) {
    throw new ProvisionError('ferretdb', 'the Go toolchain is not on PATH', 'install Go ≥ 1.22, or set MONGODB_URI to a MongoDB server');
  }
  const fix = 'check that the Go module proxy is reachable (`go env GOPROXY`), or set MONGODB_URI';
  const json = run('ferretdb', 'go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], { fix, quiet: true });
  const moduleDir = JSON.parse(json).Dir;
  const stage = path.join(CACHE_DIR, 'build', `ferretdb-${FERRETDB_VERSION}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(path.dirname(stage), { recursive: true });
  cpSync(moduleDir, stage, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', stage]); // the module cache is read-only
  writeFileSync(path.join(stage, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  writeFileSync(path.join(stage, 'build', 'version', 'package.txt'), 'linkroom\n');
  run('ferretdb', 'patch', ['-p1', '--forward', '-i', path.join(PATCH_DIR, 'linkroom.patch')], {
    cwd: stage,
    fix: `update scripts/ferretdb/linkroom.patch for FerretDB ${FERRETDB_VERSION}`,
  });
  mkdirSync(path.dirname(target), { recursive: true });
  run('ferretdb', 'go', ['build', '-trimpath', '-o', `${target}.partial`, './cmd/ferretdb'], {
    cwd: stage,
    env: { ...process.env, CGO_ENABLED: '0' }, // the SQLite backend is pure Go
    fix,
  });
  chmodSync(`${target}.partial`, 0o755);
  renameSync(`${target}.partial`, target);
  rmSync(stage, { recursive: true, force: true });
}

export function ensureFerretDb() {
  if (process.env.MONGODB_URI) return 'skipped (MONGODB_URI is set)';
  const cached = path.join(CACHE_DIR, `ferretdb-${FERRETDB_VERSION}-${hashPaths([PATCH_DIR])}`, 'ferretdb');
  return installFromCache({ cached, installed: INSTALLED_BIN, build: buildFerretDb, mode: 0o755 });
}
