// The embedded database: FerretDB v1 (MongoDB wire protocol on SQLite), built from its
// module on the Go module proxy into the cache. Skipped when MONGODB_URI is set.
//
// `go install …/cmd/ferretdb@version` builds a binary that panics at start: FerretDB's
// release build writes build/version/version.txt first. So: copy the module source out
// of Go's module cache, write that file, and `go build` it.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, ProvisionError, hasCommand, run } from './step.mjs';

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_BIN = path.join(CACHE_DIR, `ferretdb-${FERRETDB_VERSION}`, 'bin', 'ferretdb');

export function ensureFerretDb() {
  if (process.env.MONGODB_URI) return 'skipped (MONGODB_URI is set)';
  if (existsSync(FERRETDB_BIN)) return `cached at ${FERRETDB_BIN}`;
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
  mkdirSync(path.dirname(FERRETDB_BIN), { recursive: true });
  run('ferretdb', 'go', ['build', '-trimpath', '-o', FERRETDB_BIN, './cmd/ferretdb'], {
    cwd: stage,
    env: { ...process.env, CGO_ENABLED: '0' }, // the SQLite backend is pure Go
    fix,
  });
  chmodSync(FERRETDB_BIN, 0o755);
  rmSync(stage, { recursive: true, force: true });
  return `built ${FERRETDB_BIN}`;
}
