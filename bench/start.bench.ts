/**
 * `npm start` on an unchanged, already built checkout (issue 22, item 1): the time from running
 * `npm start` to the server's "is running" line, against starting the built server directly
 * (`node dist/src/cli/bin.js serve`) in the same rounds. The aim is serving within 10 s; the ratio
 * shows what the build check adds. Every timed start is a restart on one data folder that a first,
 * untimed start made (migrations, certificate, keys), and is stopped with SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForOutput } from '../test/support/cli.js';
import { freePort } from '../test/support/net.js';
import { median, repoRoot, type BenchReport, type Measurement } from './harness.js';

const ROUNDS = Number(process.env.TIJORI_START_ROUNDS ?? 5);
const AIM_MS = 10_000;

/** Starts the server on `dataDir`, resolves with the time to its "is running" line, stops it. */
function startTimed(command: string, args: string[], dataDir: string): Promise<number> {
  return (async () => {
    const port = await freePort();
    const started = performance.now();
    const child: ChildProcessWithoutNullStreams = spawn(command, args, {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        TIJORI_DATA_DIR: join(dataDir, 'data'),
        TIJORI_PORT: String(port),
        TIJORI_HOST: '127.0.0.1',
        TIJORI_LOG_LEVEL: 'warn',
      },
      stdio: 'pipe',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await waitForOutput(child, /Tijori \S+ is running at/, 180_000);
      return performance.now() - started;
    } finally {
      // npm forwards SIGTERM to the server it started.
      child.kill('SIGTERM');
      await exited;
    }
  })();
}

function asMeasurement(name: string, ms: number[]): Measurement {
  const med = median(ms);
  const min = Math.min(...ms);
  const max = Math.max(...ms);
  return { name, unit: 'ms', runs: ms, median: med, min, max, spreadPct: ((max - min) / med) * 100 };
}

function runToEnd(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${String(code)}`)),
    );
  });
}

export async function run(): Promise<BenchReport> {
  // Makes sure the checkout is built (a first build if the sources changed), outside the timing.
  const firstBuildMs = await runToEnd(process.execPath, ['scripts/build-if-changed.mjs']);
  const checkMs = await runToEnd(process.execPath, ['scripts/build-if-changed.mjs', '--check']);
  const dataDir = mkdtempSync(join(tmpdir(), 'tijori-bench-start-'));
  const npmStart: number[] = [];
  const direct: number[] = [];
  let firstRunMs: number;
  try {
    // The first start makes the data folder (migrations, certificate, keys); restarts are timed.
    firstRunMs = await startTimed(process.execPath, ['dist/src/cli/bin.js', 'serve'], dataDir);
    for (let round = 0; round < ROUNDS; round += 1) {
      npmStart.push(await startTimed('npm', ['start', '--silent'], dataDir));
      direct.push(await startTimed(process.execPath, ['dist/src/cli/bin.js', 'serve'], dataDir));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const startMedian = median(npmStart);
  return {
    benchmark: 'start',
    title: '`npm start` on an unchanged, built checkout (to the "is running" line)',
    measurements: [
      asMeasurement('npm start (build check, then serve)', npmStart),
      asMeasurement('baseline: node dist/src/cli/bin.js serve', direct),
    ],
    ratios: [
      { name: 'npm start median / 10 s aim', value: startMedian / AIM_MS, aim: '<= 1' },
      { name: 'npm start / direct start of the built server', value: startMedian / median(direct) },
    ],
    figures: {
      'build check on an unchanged tree (ms, node process included)': Math.round(checkMs),
      'build before the rounds (ms; small when the tree was already built)': Math.round(firstBuildMs),
      'first start on an empty data folder, not timed in the rounds (ms)': Math.round(firstRunMs),
    },
    notes: [
      `${String(ROUNDS)} rounds, the two starts alternating, each a restart on the same data folder (made by a first start before the rounds), stopped with SIGTERM.`,
      'Taken on the shared 2-core development machine while other engineers ran builds and tests (see the load average above).',
      startMedian <= AIM_MS ? 'Met.' : 'Not met: npm start took longer than 10 s to serve.',
    ],
  };
}
