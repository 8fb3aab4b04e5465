/**
 * Reading issued documents back: a header by id, lines and payments of documents, which were
 * cancelled, what credit notes took from an invoice, the row lock that serialises changes that
 * depend on an invoice, and the stored rows as the engine's lines and totals.
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { DocumentTotals, IssuedLine } from '../../domain/gst/index.js';
import type { DocumentRow, LineRow, PaymentRow } from './document.repository.js';

export async function findDocument(
  db: Kysely<Database>,
  tenantId: string,
  documentId: string,
  docType?: 'invoice' | 'credit-note' | 'debit-note',
): Promise<DocumentRow | undefined> {
  let query = db
    .selectFrom('sales_documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId);
  if (docType !== undefined) query = query.where('doc_type', '=', docType);
  return query.executeTakeFirst();
}

export async function documentLines(
  db: Kysely<Database>,
  tenantId: string,
  documentIds: readonly string[],
): Promise<LineRow[]> {
  if (documentIds.length === 0) return [];
  return db
    .selectFrom('sales_document_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('document_id', 'in', [...documentIds])
    .orderBy('document_id')
    .orderBy('line_no')
    .execute();
}

export async function documentPayments(
  db: Kysely<Database>,
  tenantId: string,
  documentId: string,
): Promise<PaymentRow[]> {
  return db
    .selectFrom('sales_payments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .orderBy('seq')
    .execute();
}

/** Ids of the documents among these that were cancelled. */
export async function cancelledAmong(
  db: Kysely<Database>,
  tenantId: string,
  documentIds: readonly string[],
): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('sales_cancellations')
    .select('document_id')
    .where('tenant_id', '=', tenantId)
    .where('document_id', 'in', [...documentIds])
    .execute();
  return new Set(rows.map((r) => r.document_id));
}

/** A stored line as the engine's issued line. */
export function toIssuedLine(row: LineRow): IssuedLine {
  return {
    number: row.line_no,
    itemId: row.variant_id,
    description: row.description,
    hsnSac: row.hsn_sac,
    isService: row.is_service === 1,
    quantity: row.qty_milli / 1000,
    unit: row.unit,
    unitPricePaise: row.unit_price,
    priceIncludesTax: row.price_includes_tax === 1,
    unitPriceExclusivePaise: row.unit_price_excl,
    grossPaise: row.gross,
    discountPaise: row.discount,
    taxablePaise: row.taxable,
    supply: row.supply as IssuedLine['supply'],
    rate: row.rate,
    cessRate: row.cess_rate,
    taxes: { cgst: row.cgst, sgst: row.sgst, utgst: row.utgst, igst: row.igst, cess: row.cess },
    totalPaise: row.total,
  };
}

/** A stored header's totals. */
export function totalsOf(row: DocumentRow): DocumentTotals {
  return {
    grossPaise: row.gross,
    discountPaise: row.discount,
    taxablePaise: row.taxable,
    taxes: { cgst: row.cgst, sgst: row.sgst, utgst: row.utgst, igst: row.igst, cess: row.cess },
    taxPaise: row.tax,
    exactTotalPaise: row.exact_total,
    roundOffPaise: row.round_off,
    totalPaise: row.total,
  };
}

/**
 * Serialises changes that depend on an issued invoice (credit notes, cancellation) inside `trx`:
 * a row lock on PostgreSQL; on SQLite the transaction already holds the write lock.
 */
export async function lockDocument(
  trx: Kysely<Database>,
  engine: Engine,
  tenantId: string,
  documentId: string,
): Promise<void> {
  if (engine !== 'postgres') return;
  await trx
    .selectFrom('sales_documents')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', documentId)
    .forUpdate()
    .execute();
}

/** What the credit notes of an invoice have taken from each of its lines so far. */
export async function creditedLines(
  db: Kysely<Database>,
  tenantId: string,
  invoiceId: string,
): Promise<LineRow[]> {
  return db
    .selectFrom('sales_document_lines as l')
    .innerJoin('sales_documents as d', (j) =>
      j.onRef('d.tenant_id', '=', 'l.tenant_id').onRef('d.id', '=', 'l.document_id'),
    )
    .selectAll('l')
    .where('d.tenant_id', '=', tenantId)
    .where('d.original_id', '=', invoiceId)
    .where('d.doc_type', '=', 'credit-note')
    .execute();
}
