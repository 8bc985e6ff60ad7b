#!/usr/bin/env node
// Provisions everything Linkroom needs on this machine, idempotently:
//   node scripts/provision.mjs [--for start|test|production]
// (production: dependencies of the built server only, for `npm run serve`)
// Each step says what it does and how long it took; a failure names the step and the fix.
import { ensureDebianPackages, MATCHING_PACKAGES, MEDIA_PACKAGES, TEST_PACKAGES, WORKER_PACKAGES } from './provision/apt.mjs';
import { ensureFerretDb } from './provision/ferretdb.mjs';
import { ensureMatchingEngine } from './provision/matching-engine.mjs';
import { ensureMediasoupWorker } from './provision/mediasoup-worker.mjs';
import { ensureNodeModules } from './provision/node-modules.mjs';
import { ProvisionError, step, totalElapsed } from './provision/step.mjs';

const purpose = process.argv.includes('--for') ? process.argv[process.argv.indexOf('--for') + 1] : 'test';

try {
  const packages = [...WORKER_PACKAGES, ...MATCHING_PACKAGES, ...MEDIA_PACKAGES, ...(purpose === 'test' ? TEST_PACKAGES : [])];
  await step('debian packages', () => ensureDebianPackages(packages));
  await step('npm dependencies', () => ensureNodeModules(purpose === 'production'));
  await step('mediasoup worker', ensureMediasoupWorker);
  await step('matching engine', ensureMatchingEngine);
  await step('ferretdb', ensureFerretDb);
  console.log(`[provision] ready for ${purpose} in ${totalElapsed()}`);
} catch (err) {
  if (err instanceof ProvisionError) {
    console.error(`[provision] FAILED at ${err.message}`);
    process.exit(1);
  }
  throw err;
}
