/**
 * Streams issued documents out of the database for the returns builders, page by page with
 * keyset pagination (no OFFSET, no cursor held open), so a month of a million lines runs in
 * bounded memory on both engines. Registered buyers come grouped by GSTIN: the GSTIN is stored
 * encrypted with a blind index, so one scan collects which index values each GSTIN has (memory
 * bounded by the number of buyers, not documents), then each GSTIN's documents are read in
 * date and number order.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IssuedDocument } from '../../domain/gst/index.js';
import type { ReturnPeriod } from '../../domain/numbering/index.js';
import type { Gstr1Pass, Gstr1Source } from '../returns/returns.types.js';
import { openBuyer, type DocumentCipher } from './document-crypto.js';
import { toIssuedDocument } from './document-loader.js';
import { type DocumentRow } from './document.repository.js';
import { cancelledAmong, documentLines } from './document-read.repository.js';

/** Documents read per page. */
export const PAGE_SIZE = 500;

export interface DocumentScope {
  tenantId: string;
  /** One return per GSTIN; the sales register may span every store of the tenant. */
  supplierGstin?: string;
  storeIds?: readonly string[];
  from: string;
  to: string;
}

type Base = ReturnType<typeof baseQuery>;

/** The UTC instant an IST calendar day begins. */
function istDayStart(date: string): string {
  return new Date(`${date}T00:00:00+05:30`).toISOString();
}

function baseQuery(db: Kysely<Database>, scope: DocumentScope) {
  let query = db
    .selectFrom('sales_documents')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('doc_date', '>=', scope.from)
    .where('doc_date', '<=', scope.to);
  // The document date is the IST date of the issue instant: the same range by instant lets the
  // issue-time index serve the register.
  if (scope.supplierGstin === undefined)
    query = query
      .where('issued_at', '>=', istDayStart(scope.from))
      .where('issued_at', '<', istDayStart(nextDay(scope.to)));
  if (scope.supplierGstin !== undefined) query = query.where('supplier_gstin', '=', scope.supplierGstin);
  if (scope.storeIds !== undefined) query = query.where('store_id', 'in', [...scope.storeIds, '']);
  return query;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Turns pages of header rows into issued documents, one query for the lines of a page. */
async function* hydrate(
  db: Kysely<Database>,
  cipher: DocumentCipher,
  pages: AsyncIterable<DocumentRow[]>,
  buyer: 'all' | 'gstin',
): AsyncGenerator<IssuedDocument> {
  for await (const page of pages) {
    if (page.length === 0) continue;
    const tenantId = page[0]?.tenant_id ?? '';
    const ids = page.map((r) => r.id);
    const lines = await documentLines(db, tenantId, ids);
    const cancelled = await cancelledAmong(db, tenantId, ids);
    const byDoc = new Map<string, typeof lines>();
    for (const line of lines) {
      const list = byDoc.get(line.document_id);
      if (list === undefined) byDoc.set(line.document_id, [line]);
      else list.push(line);
    }
    for (const row of page)
      yield await toIssuedDocument(db, cipher, row, byDoc.get(row.id) ?? [], cancelled.has(row.id), {
        buyer,
      });
  }
}

/** Pages of `query` in the order of `keys` (ending with `id`), by keyset. */
async function* pagesBy(
  query: Base,
  keys: readonly ('place_of_supply' | 'buyer_gstin_idx' | 'issued_at' | 'doc_date' | 'number' | 'id')[],
  pageSize: number,
): AsyncGenerator<DocumentRow[]> {
  let after: DocumentRow | undefined;
  for (;;) {
    let page = query;
    if (after !== undefined) {
      const last = after;
      page = page.where((eb) =>
        eb(
          eb.refTuple(...(keys as ['doc_date', 'id'])),
          '>',
          eb.tuple(...(keys.map((k) => last[k]) as [string, string])),
        ),
      );
    }
    for (const key of keys) page = page.orderBy(key);
    const rows = await page.limit(pageSize).execute();
    // SQLite answers synchronously: without a turn of the event loop between pages, a month's
    // export would hold every other request (the counter's sales) until it ends.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1];
  }
}

/** Every document in scope in the order issued (the sales register). */
export function documentsByDate(
  db: Kysely<Database>,
  cipher: DocumentCipher,
  scope: DocumentScope,
  pageSize = PAGE_SIZE,
): AsyncGenerator<IssuedDocument> {
  return hydrate(db, cipher, pagesBy(baseQuery(db, scope), ['issued_at', 'id'], pageSize), 'all');
}

/** GSTIN -> the blind-index values its documents carry (one value unless the index key rotated). */
async function registeredBuyers(
  cipher: DocumentCipher,
  query: Base,
  pageSize: number,
): Promise<Map<string, Set<string>>> {
  const buyers = new Map<string, Set<string>>();
  for await (const page of pagesBy(query, ['buyer_gstin_idx', 'doc_date', 'number', 'id'], pageSize)) {
    for (const row of page) {
      const gstin = (await openBuyer(cipher, row, 'gstin'))?.gstin ?? '';
      const set = buyers.get(gstin) ?? new Set<string>();
      set.add(row.buyer_gstin_idx ?? '');
      buyers.set(gstin, set);
    }
  }
  return buyers;
}

async function* registeredPages(
  cipher: DocumentCipher,
  query: Base,
  pageSize: number,
): AsyncGenerator<DocumentRow[]> {
  const buyers = await registeredBuyers(cipher, query, pageSize);
  for (const gstin of [...buyers.keys()].sort()) {
    const indexes = [...(buyers.get(gstin) ?? [])];
    const mine = query.where('buyer_gstin_idx', 'in', indexes);
    for await (const page of pagesBy(mine, ['doc_date', 'number', 'id'], pageSize)) {
      // Index values are truncated on purpose, so another buyer may share one: keep exact matches.
      const exact: DocumentRow[] = [];
      for (const row of page) if ((await openBuyer(cipher, row, 'gstin'))?.gstin === gstin) exact.push(row);
      yield exact;
    }
  }
}

/** The four passes GSTR-1 asks for, in the order its builder checks. */
export function gstr1Source(
  db: Kysely<Database>,
  cipher: DocumentCipher,
  tenantId: string,
  supplierGstin: string,
  period: ReturnPeriod,
  pageSize = PAGE_SIZE,
): Gstr1Source {
  return {
    documents(pass: Gstr1Pass) {
      const query = baseQuery(db, { tenantId, supplierGstin, from: period.firstDay, to: period.lastDay })
        .where('doc_type', 'in', pass.documents === 'invoices' ? ['invoice'] : ['credit-note', 'debit-note'])
        .where('buyer_registered', '=', pass.buyers === 'registered' ? 1 : 0);
      const pages =
        pass.buyers === 'registered'
          ? registeredPages(cipher, query, pageSize)
          : pagesBy(query, ['place_of_supply', 'doc_date', 'number', 'id'], pageSize);
      return hydrate(db, cipher, pages, 'gstin');
    },
  };
}
