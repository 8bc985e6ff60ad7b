import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvFile } from '../../server/env-file.js';

describe('loadEnvFile', () => {
  const keys = ['LR_TEST_A', 'LR_TEST_B', 'LR_TEST_C'];
  afterEach(() => {
    for (const k of keys) delete process.env[k];
  });

  it('sets what the file says, never what the environment already has', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'env-')), '.env');
    writeFileSync(file, '# a comment\nLR_TEST_A=from-file\nLR_TEST_B="quoted value"\nLR_TEST_C=from-file\n');
    process.env.LR_TEST_C = 'from-environment';
    expect(loadEnvFile(file)).toEqual(['LR_TEST_A', 'LR_TEST_B']);
    expect([process.env.LR_TEST_A, process.env.LR_TEST_B, process.env.LR_TEST_C]).toEqual(['from-file', 'quoted value', 'from-environment']);
  });

  it('does nothing without a file', () => {
    expect(loadEnvFile(path.join(tmpdir(), 'no-such-dir-linkroom', '.env'))).toEqual([]);
  });
});
