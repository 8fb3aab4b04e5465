/**
 * SIGTERM under checkout load, 20 rounds per engine (issue 19, item 6): the real `tijori serve`
 * process, 8 clients checking out over keep-alive HTTPS, a SIGTERM either just after a client
 * wrote a request or at a random moment. Counts the requests written before the signal, how many
 * got their full answer and their log line, and how long the process took to exit. The test suite
 * runs 3 rounds (test/http/sigterm-load.test.ts); `npm run test:sigterm` runs 20 as a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../src/db/database.js';
import { prepareLoadShop, sigtermRound } from '../test/support/shutdown-load.js';
import { median, percentile, type BenchReport } from './harness.js';
import { openBenchDatabase } from './support/databases.js';

const ROUNDS = Number(process.env.TIJORI_SIGTERM_ROUNDS ?? 20);

async function rounds(engine: Engine): Promise<Record<string, number | string>> {
  const root = mkdtempSync(join(tmpdir(), `tijori-bench-sigterm-${engine}-`));
  const database = engine === 'postgres' ? await openBenchDatabase('postgres') : undefined;
  await database?.handle.close();
  try {
    const shop = await prepareLoadShop(join(root, 'data'), database?.url);
    let sent = 0;
    let answered = 0;
    let unlogged = 0;
    let badExits = 0;
    const lost: string[] = [];
    const exitMs: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const r = await sigtermRound(shop, { strategy: round % 2 === 0 ? 'after-write' : 'random' });
      sent += r.sentBefore;
      answered += r.answered;
      unlogged += r.unlogged;
      lost.push(...r.lost);
      exitMs.push(r.exitMs);
      if (r.exitCode !== 0) badExits += 1;
    }
    const label = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    return {
      [`${label}: rounds`]: ROUNDS,
      [`${label}: requests written before SIGTERM`]: sent,
      [`${label}: of those answered in full`]: answered,
      [`${label}: of those lost (reset or cut)`]: lost.length,
      [`${label}: answered without a log line`]: unlogged,
      [`${label}: exits other than 0`]: badExits,
      [`${label}: SIGTERM to exit, median ms`]: Math.round(median(exitMs)),
      [`${label}: SIGTERM to exit, max ms`]: Math.round(percentile(exitMs, 100)),
    };
  } finally {
    // The PostgreSQL database goes with the benchmark's embedded server when the run ends.
    rmSync(root, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchReport> {
  const figures = { ...(await rounds('sqlite')), ...(await rounds('postgres')) };
  const lostTotal = Object.entries(figures)
    .filter(([k]) => k.endsWith('lost (reset or cut)') || k.endsWith('without a log line'))
    .reduce((sum, [, v]) => sum + Number(v), 0);
  return {
    benchmark: 'shutdown',
    title: 'SIGTERM during 8 concurrent checkouts, 20 rounds per engine',
    measurements: [],
    ratios: [],
    figures,
    notes: [
      lostTotal === 0
        ? 'Every request written before SIGTERM got its full answer and its log line, in every round on both engines.'
        : `NOT MET: ${String(lostTotal)} requests written before SIGTERM were lost or unlogged.`,
    ],
  };
}
