import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Declared order by default, also in `npm run test:all` (CI) until every folder is shown to
    // pass shuffled (ADR 0056); `npm run test:shuffled` runs the swept folders shuffled, and any
    // run with `--sequence.shuffle` prints its seed for replay (`--sequence.seed=N`).
    reporters: ['verbose', './test/support/engine-summary.reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites that start servers or browsers clean up in afterAll; give them time.
    teardownTimeout: 30_000,
  },
});
