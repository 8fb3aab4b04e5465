/**
 * SIGTERM during 8 concurrent checkouts against the real `tijori serve` process, several rounds on
 * each engine: every request written before the signal gets its full answer and its log line,
 * and the process exits 0. The benchmark runs 20 rounds per engine (bench/shutdown.bench.ts), and `npm run test:sigterm` runs this test with 20.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { prepareLoadShop, sigtermRound, type LoadShop } from '../support/shutdown-load.js';

const ROUNDS = Number(process.env.TIJORI_SIGTERM_ROUNDS ?? 3);

describeEachEngine('SIGTERM under checkout load', (getDb) => {
  let root: string;
  let shop: LoadShop;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tijori-sigterm-'));
    shop = await prepareLoadShop(join(root, 'data'), getDb().location.url);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(
    `${String(ROUNDS)} rounds: every request that reached the server before SIGTERM has its answer`,
    async () => {
      let sent = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        const r = await sigtermRound(shop, { strategy: round % 2 === 0 ? 'after-write' : 'random' });
        sent += r.sentBefore;
        expect(r.lost, `round ${String(round)}`).toEqual([]);
        expect(r.answered).toBe(r.sentBefore);
        // The answers are real sales (or a refusal because the server is closing), not errors.
        expect(r.saved, `round ${String(round)}: ${JSON.stringify(r.statuses)}`).toBeGreaterThan(0);
        expect(Object.keys(r.statuses).filter((s) => s !== '201' && s !== '503')).toEqual([]);
        expect(r.unlogged, `round ${String(round)}: answers without a log line`).toBe(0);
        expect(r.exitCode).toBe(0);
      }
      expect(sent).toBeGreaterThanOrEqual(ROUNDS * 8);
    },
    150_000 * ROUNDS + 60_000,
  );
});
