import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Files and tests run in a random order (the seed is printed; replay a failing order with
    // `--sequence.seed=N`), so a test that leans on another's leftovers fails at once.
    sequence: { shuffle: true },
    reporters: ['verbose', './test/support/engine-summary.reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites that start servers or browsers clean up in afterAll; give them time.
    teardownTimeout: 30_000,
  },
});
