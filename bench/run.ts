/**
 * `npm run bench [-- name...]`: runs the benchmarks (all, or those named), prints each report,
 * writes bench/results/<name>.json and updates docs/benchmarks.md.
 */
import { printReport, saveReport, type BenchReport } from './harness.js';
import { stopBenchPostgres } from './support/databases.js';

const benchmarks: Record<string, () => Promise<{ run: () => Promise<BenchReport> }>> = {
  'sql-baseline': () => import('./sql-baseline.bench.js'),
  healthz: () => import('./healthz.bench.js'),
  crypto: () => import('./crypto.bench.js'),
  web: () => import('./web.bench.js'),
  'login-flood': () => import('./login-flood.bench.js'),
  audit: () => import('./audit.bench.js'),
  'audit-verify': async () => ({ run: (await import('./audit.bench.js')).runVerify }),
  billing: () => import('./billing.bench.js'),
  offers: () => import('./offers.bench.js'),
  scanner: () => import('./scanner.bench.js'),
  shutdown: () => import('./shutdown.bench.js'),
  restart: () => import('./restart.bench.js'),
  start: () => import('./start.bench.js'),
  'scanner-postgres': async () => ({ run: (await import('./scanner.bench.js')).runPostgres }),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  const names = wanted.length > 0 ? wanted : Object.keys(benchmarks);
  try {
    for (const name of names) {
      const loader = benchmarks[name];
      if (loader === undefined) continue;
      process.stdout.write(`Running ${name}...\n`);
      const report = await (await loader()).run();
      printReport(report);
      saveReport(report);
    }
  } finally {
    await stopBenchPostgres();
  }
}

await main();
