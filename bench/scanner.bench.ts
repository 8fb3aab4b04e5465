/**
 * Plaintext personal-data scanner throughput (issue 8) on SQLite and on PostgreSQL: an ordinary
 * shop generated through the real services (catalogue, encrypted customers, invoices, credit
 * notes, cancellations, tenders, the audit trail), then grown in SQL to 1,000,000 invoices and 200,000
 * customers by copying those rows under new ids and numbers (setup, not measured). The scanner
 * reads every text column of every table in keyset pages; the baseline reads the same rows and
 * columns in the same pages without looking at them, so the ratio is the cost of detection.
 * `TIJORI_BENCH_SCANNER_SCALE` (default 1) shrinks the database for a quick try.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../src/db/database.js';
import type { Database } from '../src/db/schema.js';
import { readCatalog } from '../src/modules/security-audit/scanner/column-catalog.js';
import { scanPlaintext, type ScanReport } from '../src/modules/security-audit/scanner/plaintext-scanner.js';
import { createAuditFixture } from '../test/security-audit/support/audit-fixture.js';
import { generateOrdinaryShop } from '../test/security-audit/support/ordinary-shop.js';
import { createTenant } from '../test/support/factories.js';
import { seedRoles } from '../test/support/identity.js';
import { measureInterleaved, type BenchReport } from './harness.js';
import { openBenchDatabase } from './support/databases.js';

const SCALE = Number(process.env.TIJORI_BENCH_SCANNER_SCALE ?? '1');
const INVOICES = Math.round(1_000_000 * SCALE);
const CUSTOMERS = Math.round(200_000 * SCALE);
const PAGE = 1000;

setFlagsFromString('--expose-gc');
/** A full collection, so the heap measured is what is still held, not garbage not yet collected. */
const collect = runInNewContext('gc') as () => void;
const liveHeapMb = () => {
  collect();
  return process.memoryUsage().heapUsed / 1_048_576;
};

async function columnsOf(db: Kysely<Database>, engine: Engine, table: string): Promise<string[]> {
  const info = (await readCatalog(db, engine)).find((t) => t.name === table);
  return info?.columns.map((c) => c.name) ?? [];
}

/**
 * Copies a table's rows of the tenant until it holds `target`, each copy with a new id (and, for
 * documents, a new sequence number and invoice number), in one statement per round.
 */
async function grow(
  db: Kysely<Database>,
  engine: Engine,
  table: 'sales_documents' | 'customers',
  target: number,
  where: string,
): Promise<number> {
  const columns = await columnsOf(db, engine, table);
  const count = async () =>
    Number(
      (
        await sql<{
          n: number;
        }>`select count(*) as n from ${sql.table(table)} t where ${sql.raw(where)}`.execute(db)
      ).rows[0]?.n ?? 0,
    );
  const base = await count();
  const copies = Math.ceil(target / base) - 1;
  const expression = (c: string): string => {
    if (c === 'id') return `t.id || '-' || k.n`;
    // The generated shop numbers fewer than 1,000 invoices: each copy takes the next thousand.
    if (c === 'seq') return `t.seq + k.n * 1000`;
    if (c === 'number') return `t."number" || '/' || k.n`;
    return `t."${c}"`;
  };
  await sql
    .raw(
      `insert into ${table} (${columns.map((c) => `"${c}"`).join(', ')})
       with recursive k(n) as (select 1 union all select n + 1 from k where n < ${copies})
       select ${columns.map(expression).join(', ')} from ${table} t, k where ${where}
       limit ${target - base}`,
    )
    .execute(db);
  return count();
}

/** Reads every scanned table's text columns in the scanner's keyset pages, looking at nothing. */
async function readOnly(db: Kysely<Database>, engine: Engine): Promise<number> {
  let rows = 0;
  for (const table of await readCatalog(db, engine)) {
    const columns = table.columns.filter((c) => c.kind !== 'other').map((c) => c.name);
    if (columns.length === 0 || table.primaryKey.length === 0) continue;
    const keys = table.primaryKey;
    const selected = [...new Set([...keys, ...columns])];
    let after: unknown[] | null = null;
    for (;;) {
      const filter: ReturnType<typeof sql> =
        after === null
          ? sql``
          : sql`where (${sql.join(keys.map((k) => sql.ref(k)))}) > (${sql.join(after.map((v) => sql`${v}`))})`;
      const page: Array<Record<string, unknown>> = (
        await sql<Record<string, unknown>>`select ${sql.join(selected.map((c) => sql.ref(c)))}
          from ${sql.table(table.name)} ${filter} order by ${sql.join(keys.map((k) => sql.ref(k)))}
          limit ${PAGE}`.execute(db)
      ).rows;
      rows += page.length;
      const last = page[page.length - 1];
      if (page.length < PAGE || last === undefined) break;
      after = keys.map((k) => last[k]);
    }
  }
  return rows;
}

/** The benchmark on SQLite (`npm run bench -- scanner`). */
export function run(): Promise<BenchReport> {
  return runOn('sqlite');
}

/** The same on PostgreSQL (`npm run bench -- scanner-postgres`). */
export function runPostgres(): Promise<BenchReport> {
  return runOn('postgres');
}

async function runOn(engine: Engine): Promise<BenchReport> {
  const bench = await openBenchDatabase(engine);
  const location = engine === 'sqlite' ? { sqlitePath: bench.sqlitePath } : { url: bench.url };
  const f = await createAuditFixture({ ...bench.handle, location }, engine);
  try {
    const shop = await createTenant(f.db, { name: 'Fake Fabrics' });
    await seedRoles(f.db, shop.tenantId);
    await generateOrdinaryShop(f.services, f.db, shop, 200);
    const invoices = await grow(f.db, engine, 'sales_documents', INVOICES, `t.doc_type = 'invoice'`);
    const customers = await grow(f.db, engine, 'customers', CUSTOMERS, '1 = 1');
    await sql`analyze`.execute(f.db);
    let last: ScanReport | undefined;
    const heapBefore = liveHeapMb();
    let heapDuring = 0;
    let pages = 0;
    const [scanner, baseline] = await measureInterleaved([
      {
        name: 'scanner: every text column, keyset pages of 1,000',
        unit: 'rows/s',
        warmupRuns: 0,
        runs: 3,
        run: async () => {
          last = await scanPlaintext(f.db, engine, {
            pageSize: PAGE,
            // Every 200 pages, what the scan holds after a full collection.
            onProgress: () => {
              pages += 1;
              if (pages % 200 === 0) heapDuring = Math.max(heapDuring, liveHeapMb());
            },
          });
          return last.rowsScanned;
        },
      },
      {
        name: 'baseline: the same pages read without detection',
        unit: 'rows/s',
        warmupRuns: 0,
        runs: 3,
        run: () => readOnly(f.db, engine),
      },
    ]);
    if (scanner === undefined || baseline === undefined || last === undefined) throw new Error('no result');
    return {
      benchmark: engine === 'sqlite' ? 'scanner' : 'scanner-postgres',
      title: `Plaintext personal-data scanner (${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`,
      measurements: [scanner, baseline],
      ratios: [{ name: 'scanner / plain read of the same rows', value: scanner.median / baseline.median }],
      figures: {
        invoices,
        customers,
        'rows scanned per run': last.rowsScanned,
        'values scanned per run': last.valuesScanned,
        'tables scanned': last.tablesScanned,
        'columns scanned': last.columnsScanned,
        'findings on ordinary data': last.findings.length,
        'live JS heap before scanning (MB)': Math.round(heapBefore),
        'largest live JS heap while scanning, sampled every 200 pages (MB)': Math.round(heapDuring),
      },
      notes: [
        'Invoices and customers are copies of a shop generated through the services (real envelopes, GSTINs, invoice numbers, HSN codes), grown in SQL; lines, payments and the audit trail keep the generated size.',
        'Memory stays bounded: pages of 1,000 rows, and only counts and at most 10 masked examples per column and kind are kept (live heap measured after a full collection).',
      ],
    };
  } finally {
    await f.close();
    await bench.close();
  }
}
