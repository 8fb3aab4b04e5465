/**
 * Opens the test output with the order's seed and closes it with how many tests ran on each
 * engine (suites are named `[sqlite]` or `[postgres]`), a plain `Tests: N passed, N failed` line
 * and the seed again, so a failing order can be replayed with `--sequence.shuffle --sequence.seed=N`.
 */
import type { Reporter, TestModule, Vitest } from 'vitest/node';

export default class EngineSummaryReporter implements Reporter {
  private order = 'in declared order';

  onInit(vitest: Vitest): void {
    const { shuffle, seed } = vitest.config.sequence;
    if (shuffle === true)
      this.order = `shuffled with seed ${String(seed)} (replay: npx vitest run --sequence.shuffle --sequence.seed=${String(seed)})`;
    process.stdout.write(`Test order: ${this.order}\n`);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const perEngine = new Map<string, { passed: number; failed: number }>();
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
        const engine = /\[(sqlite|postgres)\]/.exec(test.fullName)?.[1] ?? 'no database';
        const counts = perEngine.get(engine) ?? { passed: 0, failed: 0 };
        if (state === 'passed') counts.passed += 1;
        if (state === 'failed') counts.failed += 1;
        perEngine.set(engine, counts);
      }
    }
    const lines = ['', 'Engines:'];
    for (const [engine, counts] of [...perEngine.entries()].sort()) {
      lines.push(`  ${engine}: ${counts.passed} passed, ${counts.failed} failed`);
    }
    lines.push(`Tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
    lines.push(`Test order: ${this.order}`, '');
    process.stdout.write(lines.join('\n'));
  }
}
