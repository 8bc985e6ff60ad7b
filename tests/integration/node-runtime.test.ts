// Provisioning's Node.js step, for real: the npm registry's node-linux-<arch> package unpacked
// into a cache of the test's own, once; a machine with Node 24 uses its own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_MAJOR, NODE_VERSION, ensureNodeRuntime, runtimeBinDir } from '../../scripts/provision/node-runtime.mjs';

const INSTALL_TIMEOUT_MS = 300_000;

describe('provisioning: the Node.js runtime', () => {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'linkroom-node-runtime-'));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('runs this suite on Node.js 24 (npm test runs it on the provisioned one where the machine’s is older)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(NODE_MAJOR);
  });

  it('uses the machine’s own Node.js when it is 24 or newer, and installs nothing', () => {
    expect(ensureNodeRuntime({ cacheDir, running: '24.0.0' })).toEqual({ binDir: undefined, outcome: expect.stringContaining('24.0.0 is used') });
    expect(ensureNodeRuntime({ cacheDir, running: '25.1.0' }).binDir).toBeUndefined();
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it(
    'brings Node.js 24 from the npm registry into the cache once, for a machine with an older one',
    () => {
      const first = ensureNodeRuntime({ cacheDir, running: '20.19.0' });
      expect(first.binDir).toBe(runtimeBinDir(NODE_VERSION, cacheDir));
      expect(first.outcome).toContain('installed');
      expect(execFileSync(path.join(first.binDir!, 'node'), ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${NODE_VERSION}`);
      // Idempotent: the second run finds it and unpacks nothing (no stage left behind either).
      const second = ensureNodeRuntime({ cacheDir, running: '20.19.0' });
      expect(second).toEqual({ binDir: first.binDir, outcome: expect.stringContaining('cached') });
      expect(readdirSync(cacheDir)).toEqual([path.basename(path.dirname(first.binDir!))]);
    },
    INSTALL_TIMEOUT_MS,
  );

  it('fails with the step’s name and a fix when the release cannot be had, and leaves nothing behind', () => {
    const other = mkdtempSync(path.join(tmpdir(), 'linkroom-node-runtime-'));
    try {
      expect(() => ensureNodeRuntime({ cacheDir: other, running: '20.19.0', version: '24.0.999' })).toThrow(
        /node runtime: .*\n {2}fix: check that the npm registry is reachable/s,
      );
      expect(existsSync(runtimeBinDir('24.0.999', other))).toBe(false);
      expect(readdirSync(other)).toEqual([]);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
