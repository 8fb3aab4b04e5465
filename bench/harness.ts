/**
 * The benchmark harness every benchmark uses: warm-up, several timed runs (interleaved between
 * cases compared with each other), median and spread,
 * ratios against a baseline measured in the same run, results as JSON in bench/results/ and a
 * table in docs/benchmarks.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export interface Sample {
  /** Work done in this run (operations, rows, bytes...). */
  amount: number;
  ms: number;
}

export interface Measurement {
  name: string;
  unit: string;
  runs: number[];
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, as a percentage. */
  spreadPct: number;
}

export interface CaseOptions {
  name: string;
  /** Unit of the rate, for example `req/s` or `tx/s`. */
  unit: string;
  warmupRuns?: number;
  runs?: number;
  /** One run: does the work and reports how much it did. */
  run: () => Promise<Sample | number> | Sample | number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

/** Runs a case: warm-up runs are discarded; each timed run yields a rate (amount per second). */
export async function measure(options: CaseOptions): Promise<Measurement> {
  const [measurement] = await measureInterleaved([options]);
  if (measurement === undefined) throw new Error('no measurement');
  return measurement;
}

/**
 * Runs several cases in rounds (each round runs every case once, after a warm-up round), so that
 * a change in the machine's load during the benchmark affects every case alike and the ratios
 * between them stay fair.
 */
export async function measureInterleaved(cases: readonly CaseOptions[]): Promise<Measurement[]> {
  const rounds = Math.max(...cases.map((c) => c.runs ?? 5));
  const warmups = Math.max(...cases.map((c) => c.warmupRuns ?? 1));
  const rates: number[][] = cases.map(() => []);
  for (let round = 0; round < warmups + rounds; round += 1) {
    for (const [i, c] of cases.entries()) {
      const start = performance.now();
      const result = await c.run();
      const elapsed = performance.now() - start;
      const sample = typeof result === 'number' ? { amount: result, ms: elapsed } : result;
      if (round >= warmups) rates[i]?.push((sample.amount * 1000) / sample.ms);
    }
  }
  return cases.map((c, i) => summarize(c.name, c.unit, rates[i] ?? []));
}

/** Rates of runs as the harness reports them. */
function summarize(name: string, unit: string, rates: number[]): Measurement {
  const med = median(rates);
  const min = Math.min(...rates);
  const max = Math.max(...rates);
  return { name, unit, runs: rates, median: med, min, max, spreadPct: ((max - min) / med) * 100 };
}

export interface Ratio {
  name: string;
  value: number;
  /** What the issue aims for, as text (`>= 0.5`). */
  aim?: string;
}

export interface BenchReport {
  benchmark: string;
  title: string;
  measurements: Measurement[];
  ratios: Ratio[];
  notes?: string[];
  /** Extra figures that are not rates (latencies, memory). */
  figures?: Record<string, number | string>;
}

function environment(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  // Other work on the machine slows both sides of a ratio, but not always equally: say how busy it was.
  const [one, , fifteen] = loadavg().map((l) => l.toFixed(1));
  return `Node ${process.version}, ${cpus().length} x ${cpu}, load average ${one} (1 min) / ${fifteen} (15 min) when written`;
}

function format(n: number): string {
  if (n >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(n >= 10 ? 1 : 3);
}

/** Renders a report as a Markdown section. */
export function renderMarkdown(report: BenchReport, date: string): string {
  const lines = [`### ${report.title}`, '', `Run ${date} on ${environment()}.`, ''];
  if (report.measurements.length > 0) {
    lines.push('| case | median | min | max | spread |', '| --- | ---: | ---: | ---: | ---: |');
    for (const m of report.measurements) {
      lines.push(
        `| ${m.name} | ${format(m.median)} ${m.unit} | ${format(m.min)} | ${format(m.max)} | ${m.spreadPct.toFixed(1)}% |`,
      );
    }
    lines.push('');
  }
  if (report.ratios.length > 0) {
    lines.push('| ratio | value | aim |', '| --- | ---: | --- |');
    for (const r of report.ratios) lines.push(`| ${r.name} | ${r.value.toFixed(2)} | ${r.aim ?? ''} |`);
    lines.push('');
  }
  for (const [name, value] of Object.entries(report.figures ?? {})) {
    lines.push(`- ${name}: ${typeof value === 'number' ? format(value) : value}`);
  }
  for (const note of report.notes ?? []) lines.push(`- ${note}`);
  return lines.join('\n').trimEnd() + '\n';
}

/** Writes bench/results/<benchmark>.json and replaces the benchmark's section in docs/benchmarks.md. */
export function saveReport(report: BenchReport): void {
  const date = new Date().toISOString().slice(0, 10);
  const resultsDir = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, `${report.benchmark}.json`),
    JSON.stringify({ date, environment: environment(), ...report }, null, 2) + '\n',
  );
  const docPath = join(repoRoot, 'docs', 'benchmarks.md');
  const doc = readFileSync(docPath, 'utf8');
  const begin = `<!-- bench:${report.benchmark} -->`;
  const end = `<!-- /bench:${report.benchmark} -->`;
  const section = `${begin}\n${renderMarkdown(report, date)}${end}`;
  const at = doc.indexOf(begin);
  const updated =
    at === -1
      ? `${doc.trimEnd()}\n\n${section}\n`
      : doc.slice(0, at) + section + doc.slice(doc.indexOf(end) + end.length);
  writeFileSync(docPath, updated);
}

export function printReport(report: BenchReport): void {
  process.stdout.write(`\n${renderMarkdown(report, new Date().toISOString().slice(0, 10))}`);
}
