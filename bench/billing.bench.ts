/**
 * Billing benchmarks (`npm run bench -- billing`):
 * - checkout through the full service (5-line cart for a named B2B customer paying by UPI:
 *   decryption of the customer, encryption of the buyer snapshot and the payment reference,
 *   numbering, stock, audit entry) on each engine, against bare SQL writing the same rows in one
 *   transaction (aim: at least 0.5 of the baseline);
 * - checkout over HTTPS with 50 concurrent clients (invoices per second, p50 and p99 latency);
 * - GSTR-1 for a month of 1,000,000 invoice lines: time and peak memory, with 100,000 lines for
 *   comparison (memory must not grow with the month).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Engine } from '../src/db/database.js';
import { openSqlite } from '../src/db/database.js';
import { createBillingFixture, type BillingFixture } from '../test/billing/support/billing-fixture.js';
import { AuditTrail } from '../src/modules/audit/audit.recorder.js';
import { measureInterleaved, repoRoot, type BenchReport, type Measurement, type Ratio } from './harness.js';
import { captureSale, postgresBaseline, sqliteBaseline } from './support/checkout-baseline.js';
import { httpsCheckout } from './support/billing-http.js';
import { openBenchDatabase } from './support/databases.js';
import { writeMonth } from './support/gstr1-bench-data.js';

const PER_RUN: Record<Engine, number> = { sqlite: 300, postgres: 100 };
/** Sales already in the books when the checkout cases start (copies of a service sale). */
const HISTORY = 2_000;

async function fiveVariants(f: BillingFixture): Promise<string[]> {
  const extra = async (name: string, hsn: string) =>
    (
      await f.billing.items.createItem(f.operator, {
        kind: 'goods',
        name,
        hsnSac: hsn,
        uqc: 'PCS',
        rateCategory: 'apparel',
        priceIncludesTax: true,
        variants: [{ pricePaise: 105_000 }],
      })
    ).variants[0]?.id ?? '';
  return [
    f.items.shirt,
    f.items.kurta,
    f.items.jacket,
    await extra('Bench tee', '6109'),
    await extra('Bench dupatta', '6214'),
  ];
}

/** Checkout through the service against the same rows by bare SQL, interleaved runs. */
export async function checkoutCases(
  engine: Engine,
): Promise<{ service: Measurement; baseline: Measurement }> {
  const bench = await openBenchDatabase(engine);
  try {
    // The product's recorder: a hash-chained entry, its head row locked, the trigger moving it.
    const f = await createBillingFixture(bench.handle.db, engine, {
      stock: 1_000_000,
      audit: (clock) => new AuditTrail(clock),
    });
    const variants = await fiveVariants(f);
    const customer = await f.billing.customers.create(f.operator, {
      name: 'Bench Buyer Pvt Ltd',
      gstin: '27AAQCA8719H1Z6',
      address: { line1: '1 Bench Road', city: 'Mumbai', pincode: '400001', stateCode: '27' },
      creditLimitPaise: 0,
    });
    const cart = (amount: number) => ({
      storeId: f.tenant.storeId,
      customerId: customer.id,
      lines: variants.map((variantId) => ({ variantId, quantity: 1 })),
      payments: [{ method: 'upi' as const, amountPaise: amount, reference: 'UPI-612345678901' }],
    });
    const first = await f.billing.checkout.checkout(
      f.operator,
      { ...cart(0), payments: [{ method: 'cash', amountPaise: 100_000_000 }] },
      'first',
    );
    const total = first.totals.totalPaise;
    // The baseline copies the rows of a sale the service wrote: the same columns, sizes and indexes.
    const copied = await f.billing.checkout.checkout(f.operator, cart(total), 'copied');
    const template = await captureSale(bench.handle.db, f.tenant.tenantId, copied.id);
    const n = PER_RUN[engine];
    const label = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const serviceCase = {
      name: `${label}: checkout through the service (5 lines, named B2B buyer, UPI)`,
      unit: 'invoices/s',
      run: async () => {
        for (let i = 0; i < n; i += 1)
          await f.billing.checkout.checkout(
            f.operator,
            cart(total),
            `bench-${randomBytes(8).toString('hex')}`,
          );
        return n;
      },
    };
    const baselineName = `${label}: the same rows by bare SQL, one transaction`;
    let cases: Measurement[];
    if (engine === 'sqlite') {
      const raw = openSqlite(bench.sqlitePath ?? '');
      const run = sqliteBaseline(raw, template);
      run(HISTORY);
      cases = await measureInterleaved([
        serviceCase,
        { name: baselineName, unit: 'invoices/s', run: () => (run(n), n) },
      ]);
      raw.close();
    } else {
      const client = new pg.Client({ connectionString: bench.url });
      await client.connect();
      const run = postgresBaseline(client, template);
      await run(HISTORY);
      // Statistics as autovacuum keeps them in a shop in operation: plans made on the fresh,
      // nearly empty tables (foreign-key checks included) would otherwise stay for the whole run.
      await sql`analyze`.execute(bench.handle.db);
      cases = await measureInterleaved([
        serviceCase,
        { name: baselineName, unit: 'invoices/s', run: async () => (await run(n), n) },
      ]);
      await client.end();
    }
    const [service, baseline] = cases;
    if (service === undefined || baseline === undefined) throw new Error('no measurement');
    return { service, baseline };
  } finally {
    await bench.close();
  }
}

/**
 * Time and peak memory of GSTR-1 over a month of `documents` five-line invoices (SQLite): the
 * data is written here, the export runs in its own process so its memory is measured alone.
 */
async function gstr1Case(
  documents: number,
): Promise<{ lines: number; seconds: number; peakHeapMb: number; peakRssMb: number; bytes: number }> {
  const bench = await openBenchDatabase('sqlite');
  try {
    const kek = randomBytes(32).toString('base64');
    const f = await createBillingFixture(bench.handle.db, 'sqlite', { stock: 0, kek });
    const lines = await writeMonth(bench.handle.db, f.keys.cipher, {
      tenantId: f.tenant.tenantId,
      storeId: f.tenant.storeId,
      documents,
    });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/support/gstr1-export.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        SQLITE_PATH: bench.sqlitePath ?? '',
        KEK: kek,
        TENANT_ID: f.tenant.tenantId,
        GSTIN: '24AAQCA8719H1ZC',
        PERIOD: '052026',
      },
    });
    if (run.status !== 0) throw new Error(`GSTR-1 export failed: ${run.stderr}`);
    const result = JSON.parse(run.stdout.trim()) as {
      seconds: number;
      bytes: number;
      peakRssKb: number;
      peakHeapBytes: number;
    };
    const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
    return {
      lines,
      seconds: result.seconds,
      peakHeapMb: mb(result.peakHeapBytes),
      peakRssMb: mb(result.peakRssKb * 1024),
      bytes: result.bytes,
    };
  } finally {
    await bench.close();
  }
}

export async function run(): Promise<BenchReport> {
  const measurements: Measurement[] = [];
  const ratios: Ratio[] = [];
  for (const engine of ['sqlite', 'postgres'] as const) {
    const { service, baseline } = await checkoutCases(engine);
    measurements.push(service, baseline);
    ratios.push({
      name: `${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: service / bare SQL`,
      value: service.median / baseline.median,
      aim: '>= 0.5',
    });
  }
  const figures: Record<string, number | string> = {};
  const https = await httpsCheckout({ durationS: Number(process.env.BENCH_SECONDS ?? 10) });
  figures['HTTPS checkout, 50 connections, SQLite: invoices/s'] = https.invoicesPerSecond;
  figures['HTTPS checkout, SQLite: p50 latency (ms)'] = https.p50;
  figures['HTTPS checkout, SQLite: p99 latency (ms)'] = https.p99;
  figures['HTTPS checkout, SQLite: requests without an answer'] = https.failed;
  const pgBench = await openBenchDatabase('postgres');
  try {
    const overPg = await httpsCheckout({
      durationS: Number(process.env.BENCH_SECONDS ?? 10),
      databaseUrl: pgBench.url ?? '',
    });
    figures['HTTPS checkout, 50 connections, PostgreSQL: invoices/s'] = overPg.invoicesPerSecond;
    figures['HTTPS checkout, PostgreSQL: p50 latency (ms)'] = overPg.p50;
    figures['HTTPS checkout, PostgreSQL: p99 latency (ms)'] = overPg.p99;
    figures['HTTPS checkout, PostgreSQL: requests without an answer'] = overPg.failed;
  } finally {
    await pgBench.close();
  }
  const sizes = (process.env.BENCH_GSTR1_DOCUMENTS ?? '20000,200000').split(',').map(Number);
  for (const documents of sizes) {
    const g = await gstr1Case(documents);
    const label = `GSTR-1, ${g.lines.toLocaleString('en-US')} invoice lines (SQLite)`;
    figures[`${label}: seconds`] = Math.round(g.seconds * 10) / 10;
    figures[`${label}: lines/s`] = Math.round(g.lines / g.seconds);
    figures[`${label}: peak heap (MB)`] = g.peakHeapMb;
    figures[`${label}: peak RSS (MB)`] = g.peakRssMb;
    figures[`${label}: JSON size (KB)`] = Math.round(g.bytes / 1024);
  }
  return {
    benchmark: 'billing',
    title: 'Billing: checkout, checkout over HTTPS, GSTR-1',
    measurements,
    ratios,
    figures,
    notes: [
      'Checkout: one client in a loop; the service reads the customer and the catalog, prices, encrypts the buyer snapshot and the UPI reference, and writes lines, payment, stock movements and levels, the counter, the document and an entry of the hash-chained audit trail in one transaction. The baseline writes the same rows with the driver alone.',
      'PostgreSQL keeps its default durability (fsync and synchronous commit on); SQLite runs in WAL mode with synchronous=NORMAL, as Tijori runs them.',
      'HTTPS: `tijori serve` in its own process (demo shop from `tijori init --demo`, an API token), autocannon with 50 connections posting 5-line carts for a named customer, each with its own Idempotency-Key; server and load generator share the 2-core machine.',
      'GSTR-1: documents of five lines (2% B2B with encrypted GSTINs, 1% inter-state B2C, some cancelled) streamed by keyset pages of 500; the export runs in a process of its own: peak RSS is that whole process (Node itself included), peak heap is sampled every 20 ms.',
    ],
  };
}
