#!/usr/bin/env node
// Provisions everything Linkroom needs on this machine, idempotently:
//   node scripts/provision.mjs [--for start|test|production] [--runtime-only] [-- command …]
// (production: dependencies of the built server only; --runtime-only: the Node.js runtime
// alone, for `npm run serve`)
// Each step says what it does and how long it took; a failure names the step and the fix.
// After `--`, the command runs once everything is ready, with the Node.js runtime Linkroom
// needs first on PATH (provisioned when the machine's is older): how `npm start` and
// `npm test` run the rest of their work on it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureDebianPackages, MATCHING_PACKAGES, MEDIA_PACKAGES, TEST_PACKAGES, WORKER_PACKAGES } from './provision/apt.mjs';
import { ensureFerretDb } from './provision/ferretdb.mjs';
import { ensureMatchingEngine } from './provision/matching-engine.mjs';
import { ensureMediasoupWorker } from './provision/mediasoup-worker.mjs';
import { ensureNodeModules } from './provision/node-modules.mjs';
import { ensureNodeRuntime } from './provision/node-runtime.mjs';
import { ProvisionError, step, totalElapsed } from './provision/step.mjs';

const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const command = dashes >= 0 ? args.slice(dashes + 1) : [];
const own = dashes >= 0 ? args.slice(0, dashes) : args;
const purpose = own.includes('--for') ? own[own.indexOf('--for') + 1] : 'test';
const runtimeOnly = own.includes('--runtime-only');

/** Runs the command after `--`, passing signals on, and exits as it does. */
function runAfter([cmd, ...rest]) {
  const child = spawn(cmd, rest, { stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(`[provision] could not run ${cmd}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}

try {
  // First: npm ci and the worker build run on it too (engine-strict refuses an older Node).
  await step('node runtime', () => {
    const { binDir, outcome } = ensureNodeRuntime();
    if (binDir) process.env.PATH = `${binDir}${path.delimiter}${process.env.PATH ?? ''}`;
    return outcome;
  });
  if (!runtimeOnly) await provisionAll();
} catch (err) {
  if (err instanceof ProvisionError) {
    console.error(`[provision] FAILED at ${err.message}`);
    process.exit(1);
  }
  throw err;
}
if (command.length) runAfter(command);

async function provisionAll() {
  const packages = [...WORKER_PACKAGES, ...MATCHING_PACKAGES, ...MEDIA_PACKAGES, ...(purpose === 'test' ? TEST_PACKAGES : [])];
  await step('debian packages', () => ensureDebianPackages(packages));
  await step('npm dependencies', () => ensureNodeModules(purpose === 'production'));
  await step('mediasoup worker', ensureMediasoupWorker);
  await step('matching engine', ensureMatchingEngine);
  await step('ferretdb', ensureFerretDb);
  console.log(`[provision] ready for ${purpose} in ${totalElapsed()}`);
}
