/**
 * Starts checkout workers as separate OS processes (tsx) against the fixture's database, and
 * checks what they left behind: the series' numbers and the completeness of every invoice.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../../src/db/schema.js';
import type { TestDatabase } from '../../support/engines.js';
import { repoRoot } from '../../support/cli.js';
import type { BillingFixture } from './billing-fixture.js';

export function startWorker(
  f: BillingFixture,
  database: TestDatabase,
  options: { kek: string; count: number; clients: number; variants: string[] },
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'test/billing/support/checkout-worker.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      SQLITE_PATH: database.location.sqlitePath ?? '',
      PG_URL: database.location.url ?? '',
      KEK: options.kek,
      TENANT_ID: f.tenant.tenantId,
      STORE_ID: f.tenant.storeId,
      VARIANTS: options.variants.join(','),
      COUNT: String(options.count),
      CLIENTS: String(options.clients),
    },
    stdio: 'pipe',
  });
}

/** Resolves when the process exits with 0; rejects with its error output otherwise. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<void> {
  let errors = '';
  child.stderr.on('data', (c: Buffer) => (errors += c.toString('utf8')));
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`worker exited ${code}: ${errors}`)),
    );
  });
}

/** Asserts the store's invoice series holds exactly 1..n with matching numbers, and returns n. */
export async function expectConsecutive(db: Kysely<Database>, f: BillingFixture): Promise<number> {
  const rows = await db
    .selectFrom('sales_documents')
    .select(['seq', 'number'])
    .where('tenant_id', '=', f.tenant.tenantId)
    .where('store_id', '=', f.tenant.storeId)
    .where('doc_type', '=', 'invoice')
    .orderBy('seq')
    .execute();
  rows.forEach((row, i) => {
    expect(row.seq).toBe(i + 1);
    expect(row.number).toBe(`INV/26-27/${String(i + 1).padStart(5, '0')}`);
  });
  const counter = await db
    .selectFrom('document_counters')
    .select('last_seq')
    .where('tenant_id', '=', f.tenant.tenantId)
    .where('store_id', '=', f.tenant.storeId)
    .where('series', '=', 'invoice')
    .executeTakeFirst();
  expect(counter?.last_seq ?? 0).toBe(rows.length);
  return rows.length;
}

/** Counts invoices missing any part: lines, a payment, a stock movement per line, an audit entry. */
export async function incompleteInvoices(db: Kysely<Database>, tenantId: string): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*) as n from sales_documents d
    where d.tenant_id = ${tenantId} and d.doc_type = 'invoice' and (
      not exists (select 1 from sales_document_lines l where l.tenant_id = d.tenant_id and l.document_id = d.id)
      or not exists (select 1 from sales_payments p where p.tenant_id = d.tenant_id and p.document_id = d.id)
      or (select count(*) from stock_movements m where m.tenant_id = d.tenant_id and m.ref_id = d.id)
         <> (select count(*) from sales_document_lines l where l.tenant_id = d.tenant_id and l.document_id = d.id)
      or not exists (select 1 from test_audit_entries a where a.tenant_id = d.tenant_id and a.object_id = d.id
         and a.action = 'invoice.issue'))`.execute(db);
  return Number(result.rows[0]?.n ?? -1);
}

/** Rows that belong to no invoice: lines, payments or movements left by a transaction that died. */
export async function orphans(db: Kysely<Database>, tenantId: string): Promise<number> {
  const result = await sql<{ n: number }>`
    select
      (select count(*) from sales_document_lines l where l.tenant_id = ${tenantId} and not exists
        (select 1 from sales_documents d where d.tenant_id = l.tenant_id and d.id = l.document_id))
    + (select count(*) from sales_payments p where p.tenant_id = ${tenantId} and not exists
        (select 1 from sales_documents d where d.tenant_id = p.tenant_id and d.id = p.document_id))
    + (select count(*) from stock_movements m where m.tenant_id = ${tenantId} and m.ref_type = 'invoice' and not exists
        (select 1 from sales_documents d where d.tenant_id = m.tenant_id and d.id = m.ref_id))
    + (select count(*) from idempotency_keys k where k.tenant_id = ${tenantId} and not exists
        (select 1 from sales_documents d where d.tenant_id = k.tenant_id and d.id = k.document_id)) as n`.execute(
    db,
  );
  return Number(result.rows[0]?.n ?? -1);
}
