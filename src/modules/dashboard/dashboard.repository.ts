/**
 * The dashboard's sums in SQL (issue 14, items 4 and 9), over the documents of a range of IST
 * calendar days (`doc_date`) in the stores given: cancelled invoices left out, credit notes
 * counted against the sales (a negative amount), debit notes added. One grouped query per chart.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface DashboardScope {
  tenantId: string;
  from: string;
  to: string;
  /** `all`, or the stores the caller may see. */
  stores: 'all' | readonly string[];
}

/** A document's amount as it counts towards sales: credit notes take away. */
const signedTotal = sql<number>`case when d.doc_type = 'credit-note' then -d.total else d.total end`;
const invoiceCount = sql<number>`sum(case when d.doc_type = 'invoice' then 1 else 0 end)`;

function documentsIn(db: Kysely<Database>, scope: DashboardScope) {
  let docs = db
    .selectFrom('sales_documents as d')
    .leftJoin('sales_cancellations as c', (j) =>
      j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.document_id', '=', 'd.id'),
    )
    .where('d.tenant_id', '=', scope.tenantId)
    .where('d.doc_date', '>=', scope.from)
    .where('d.doc_date', '<=', scope.to)
    .where('c.document_id', 'is', null);
  // '' keeps the list valid SQL for a person assigned to no store.
  if (scope.stores !== 'all') docs = docs.where('d.store_id', 'in', ['', ...scope.stores]);
  return docs;
}

export async function salesByDay(db: Kysely<Database>, scope: DashboardScope) {
  const rows = await documentsIn(db, scope)
    .select(['d.doc_date as date', sql<number>`sum(${signedTotal})`.as('net'), invoiceCount.as('invoices')])
    .groupBy('d.doc_date')
    .execute();
  return rows.map((r) => ({ date: r.date, netPaise: Number(r.net), invoices: Number(r.invoices) }));
}

export async function salesByStore(db: Kysely<Database>, scope: DashboardScope) {
  const rows = await documentsIn(db, scope)
    .select([
      'd.store_id as storeId',
      sql<number>`sum(${signedTotal})`.as('net'),
      invoiceCount.as('invoices'),
    ])
    .groupBy('d.store_id')
    .execute();
  return rows.map((r) => ({ storeId: r.storeId, netPaise: Number(r.net), invoices: Number(r.invoices) }));
}

/** Money taken per payment method less the refunds made by it. */
export async function paymentMix(db: Kysely<Database>, scope: DashboardScope) {
  const rows = await documentsIn(db, scope)
    .innerJoin('sales_payments as p', (j) =>
      j.onRef('p.tenant_id', '=', 'd.tenant_id').onRef('p.document_id', '=', 'd.id'),
    )
    .select([
      'p.method as method',
      sql<number>`sum(case when d.doc_type = 'credit-note' then -p.amount else p.amount end)`.as('net'),
    ])
    .groupBy('p.method')
    .execute();
  return rows.map((r) => ({ method: r.method, netPaise: Number(r.net) }));
}

/**
 * The items sold for the most, returns taken off; quantities in thousandths of the unit. Amounts
 * are the lines' totals, before each bill's round-off (a paisa or so from the bill's total).
 */
export async function topItems(db: Kysely<Database>, scope: DashboardScope, limit: number) {
  const sign = sql<number>`case when d.doc_type = 'credit-note' then -1 else 1 end`;
  const net = sql<number>`sum(${sign} * l.total)`;
  const rows = await documentsIn(db, scope)
    .innerJoin('sales_document_lines as l', (j) =>
      j.onRef('l.tenant_id', '=', 'd.tenant_id').onRef('l.document_id', '=', 'd.id'),
    )
    // A credit note's lines name the variant returned, not the item.
    .leftJoin('item_variants as v', (j) =>
      j.onRef('v.tenant_id', '=', 'l.tenant_id').onRef('v.id', '=', 'l.variant_id'),
    )
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'l.tenant_id').on(sql<boolean>`i.id = coalesce(l.item_id, v.item_id)`),
    )
    .select([
      'i.id as itemId',
      'i.name as name',
      net.as('net'),
      sql<number>`sum(${sign} * l.qty_milli)`.as('qty'),
    ])
    .groupBy(['i.id', 'i.name'])
    .orderBy(net, 'desc')
    .orderBy('i.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    itemId: r.itemId,
    name: r.name,
    netPaise: Number(r.net),
    quantityMilli: Number(r.qty),
  }));
}

/** The stores' names, for the stores given. */
export async function storeNames(db: Kysely<Database>, tenantId: string, stores: 'all' | readonly string[]) {
  let query = db.selectFrom('stores').select(['id', 'name']).where('tenant_id', '=', tenantId);
  if (stores !== 'all') query = query.where('id', 'in', ['', ...stores]);
  return query.orderBy('created_at').orderBy('name').execute();
}
