import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Declared order by default: not every folder passes shuffled yet (issue 23). The swept
    // folders (test/security, test/audit, test/keys) are run shuffled by `npm run test:shuffled`;
    // any run with `--sequence.shuffle` prints its seed for replay (`--sequence.seed=N`).
    reporters: ['verbose', './test/support/engine-summary.reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites that start servers or browsers clean up in afterAll; give them time.
    teardownTimeout: 30_000,
  },
});
