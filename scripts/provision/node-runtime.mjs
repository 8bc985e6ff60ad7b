// Node.js 24 LTS. A machine whose Node is older gets the official Node binary the npm
// registry serves as a package (node-linux-<arch>: the release's bin/node, as nodejs.org
// builds it), unpacked once into the cache; the rest of `npm start` / `npm test` then runs
// with it first on PATH (scripts/provision.mjs). A machine with Node ≥ 24 uses its own.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, ProvisionError, run } from './step.mjs';

/** The Node.js release Linkroom runs on (kept in step with .nvmrc and package.json's engines). */
export const NODE_VERSION = '24.22.3';
export const NODE_MAJOR = Number(NODE_VERSION.split('.')[0]);

const STEP = 'node runtime';

/** The cached runtime's bin directory for `version`. */
export function runtimeBinDir(version = NODE_VERSION, cacheDir = CACHE_DIR) {
  return path.join(cacheDir, `node-v${version}-linux-${process.arch}`, 'bin');
}

/** The version a node binary reports ("24.22.3"), or undefined when it does not run. */
function versionOf(nodeBin) {
  const res = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim().replace(/^v/, '') : undefined;
}

/** npm pack's the registry's node-linux-<arch> package and keeps its bin/node in the cache. */
function unpackRuntime(version, binDir) {
  const pkg = `node-linux-${process.arch}@${version}`;
  const fix = `check that the npm registry is reachable (\`npm view ${pkg} version\`), or install Node.js ${NODE_MAJOR} yourself`;
  if (process.platform !== 'linux')
    throw new ProvisionError(STEP, `no Node.js ${NODE_MAJOR} package for ${process.platform}`, `install Node.js ${NODE_MAJOR} yourself`);
  mkdirSync(path.dirname(path.dirname(binDir)), { recursive: true });
  const stage = mkdtempSync(path.join(path.dirname(path.dirname(binDir)), '.node-runtime-'));
  try {
    const tarball = run(STEP, 'npm', ['pack', pkg, '--silent', '--pack-destination', stage], { fix, quiet: true }).trim().split('\n').at(-1);
    run(STEP, 'tar', ['-xzf', path.join(stage, tarball), '-C', stage], { fix: 'the package did not unpack: see the message above' });
    const node = path.join(stage, 'package', 'bin', 'node');
    if (!existsSync(node)) throw new ProvisionError(STEP, `${pkg} has no bin/node`, `install Node.js ${NODE_MAJOR} yourself`);
    chmodSync(node, 0o755);
    if (versionOf(node) !== version) throw new ProvisionError(STEP, `${pkg}'s node does not run on this machine`, `install Node.js ${NODE_MAJOR} yourself`);
    // Whole or not at all: the directory appears by rename once the binary is known to run.
    rmSync(path.dirname(binDir), { recursive: true, force: true });
    renameSync(path.join(stage, 'package'), path.dirname(binDir));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * Makes sure a Node.js ≥ NODE_MAJOR is at hand. Answers the bin directory to put first on
 * PATH (undefined when the running Node will do) and what was done.
 * @returns {{ binDir: string | undefined, outcome: string }}
 */
export function ensureNodeRuntime({ version = NODE_VERSION, cacheDir = CACHE_DIR, running = process.versions.node } = {}) {
  if (Number(running.split('.')[0]) >= NODE_MAJOR) return { binDir: undefined, outcome: `this machine's Node.js ${running} is used` };
  const binDir = runtimeBinDir(version, cacheDir);
  if (versionOf(path.join(binDir, 'node')) === version) return { binDir, outcome: `Node.js ${version} cached at ${binDir}` };
  unpackRuntime(version, binDir);
  return { binDir, outcome: `Node.js ${version} installed at ${binDir} (this machine has ${running})` };
}
