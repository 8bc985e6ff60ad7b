import { defineConfig } from 'vitest/config';

// Three projects: unit (pure, fast), integration (real database, real mediasoup worker),
// e2e (real Chromium through the real SFU, one shared server and browser).
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
          globalSetup: ['tests/support/global-database.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // After unit and integration have finished: real calls in Chromium (fake camera and
          // microphone, speaker detection) must not compete for the two cores with the
          // integration tests' server processes.
          sequence: { groupOrder: 1 },
          globalSetup: ['tests/support/global-e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          // One server and one browser for all e2e files; files run one after another
          // so that two calls never compete for the two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
