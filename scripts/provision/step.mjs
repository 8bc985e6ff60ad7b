// Shared helpers for the provisioning steps. Plain Node (no dependencies): this code
// runs before `npm ci`, so it cannot import anything from node_modules.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const REPO_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Where provisioned parts live, outside the clone, so a second clone reuses them. */
export const CACHE_DIR = process.env.LINKROOM_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'linkroom');

export class ProvisionError extends Error {
  /** @param {string} step @param {string} message @param {string} fix */
  constructor(step, message, fix) {
    super(`${step}: ${message}\n  fix: ${fix}`);
    this.step = step;
    this.fix = fix;
  }
}

const started = Date.now();
const fmt = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** Runs one named step, printing what it does and how long it took. */
export async function step(name, fn) {
  const t0 = Date.now();
  process.stdout.write(`[provision] ${name} …\n`);
  const outcome = await fn();
  process.stdout.write(`[provision] ${name}: ${outcome ?? 'done'} (${fmt(Date.now() - t0)})\n`);
}

export function totalElapsed() {
  return fmt(Date.now() - started);
}

/**
 * Runs a command with inherited output; throws ProvisionError naming the step on failure.
 * @param {string} stepName @param {string} cmd @param {string[]} args
 * @param {{cwd?: string, env?: NodeJS.ProcessEnv, fix: string, quiet?: boolean}} opts
 */
export function run(stepName, cmd, args, opts) {
  const res = spawnSync(cmd, args, {
    cwd: opts.cwd ?? REPO_DIR,
    env: opts.env ?? process.env,
    stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (res.error) throw new ProvisionError(stepName, `${cmd} could not start (${res.error.message})`, opts.fix);
  if (res.status !== 0) {
    const tail = opts.quiet ? `\n${(res.stdout + res.stderr).split('\n').slice(-30).join('\n')}` : '';
    throw new ProvisionError(stepName, `\`${cmd} ${args.join(' ')}\` exited ${res.status}${tail}`, opts.fix);
  }
  return res.stdout ?? '';
}

/** True when `cmd` is on PATH. */
export function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** sha256 over the given files and every file below the given directories, in name order;
 * prose (*.md) is left out so that editing documentation never triggers a rebuild. */
export function hashPaths(paths) {
  const hash = createHash('sha256');
  const walk = (p) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(path.join(p, name));
    } else if (!p.endsWith('.md')) {
      hash.update(path.relative(REPO_DIR, p));
      hash.update(readFileSync(p));
    }
  };
  for (const p of paths) if (existsSync(p)) walk(p);
  return hash.digest('hex').slice(0, 16);
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The version of an installed npm package. */
export function packageVersion(pkg) {
  return JSON.parse(readFileSync(path.join(REPO_DIR, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/**
 * Puts a built part where the project loads it: builds it into the cache when the cache
 * lacks it, then copies it beside the code, with a stamp naming the cached copy so that
 * the next run knows it is up to date. The copy replaces the file by rename, since a
 * running process may have the old one loaded.
 * @param {{cached: string, installed: string, build: (target: string) => void, mode?: number}} part
 */
export function installFromCache({ cached, installed, build, mode }) {
  const stamp = `${installed}.linkroom`;
  if (existsSync(installed) && existsSync(stamp) && readFileSync(stamp, 'utf8') === cached) return 'up to date';
  let outcome = `cached at ${cached}`;
  if (!existsSync(cached)) {
    build(cached);
    outcome = `built ${cached}`;
  }
  mkdirSync(path.dirname(installed), { recursive: true });
  copyFileSync(cached, `${installed}.partial`);
  if (mode !== undefined) chmodSync(`${installed}.partial`, mode);
  renameSync(`${installed}.partial`, installed);
  writeFileSync(stamp, cached);
  return outcome;
}
