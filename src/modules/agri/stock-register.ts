/**
 * The stock register of an insecticide (in the manner of the Insecticides Rules' dealer stock
 * register, Form XIII style) for a period, from its batch movements: the opening stock, each
 * receipt (supplier, invoice, batch, manufacturing and expiry dates), sale (bill), return,
 * segregation of expired stock and disposal, with the stock after each, and the closing stock.
 * Stock counts the sellable and the segregated expired quantity until it is disposed of.
 * Business records only: no customer appears in it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid, notFound } from '../../domain/app-error.js';
import { addDays } from '../../domain/agri/season.js';
import { formatIndianDate, istDateOf } from '../../domain/gst/index.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { fromMilli } from '../../kernel/schema-atoms.js';
import { authorizeStore } from '../auth/access.policy.js';
import { csvRow } from '../returns/csv.js';

export interface RegisterRow {
  date: string;
  kind: string;
  /** Supplier and invoice of a receipt, the bill of a sale or a return. */
  reference: string;
  batchNo: string;
  mfgDate: string | null;
  expiryDate: string;
  received: number;
  issued: number;
  balance: number;
}

export interface StockRegister {
  storeName: string;
  itemName: string;
  from: string;
  to: string;
  opening: number;
  rows: RegisterRow[];
  closing: number;
}

const istStart = (day: string): string => new Date(`${day}T00:00:00+05:30`).toISOString();

export async function stockRegister(
  db: Kysely<Database>,
  actor: ServiceActor,
  query: { storeId: string; variantId: string; from: string; to: string },
): Promise<StockRegister> {
  await authorizeStore(db, actor, 'catalog.read', query.storeId);
  if (query.from > query.to) throw invalid('from', 'the register must start on or before its end');
  const item = await db
    .selectFrom('item_variants as v')
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'),
    )
    .select('i.name')
    .where('v.tenant_id', '=', actor.tenantId)
    .where('v.id', '=', query.variantId)
    .executeTakeFirst();
  if (item === undefined) throw notFound('item');
  const store = await db
    .selectFrom('stores')
    .select('name')
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', query.storeId)
    .executeTakeFirst();
  const moves = await db
    .selectFrom('batch_movements as m')
    .innerJoin('stock_batches as b', (j) =>
      j.onRef('b.tenant_id', '=', 'm.tenant_id').onRef('b.id', '=', 'm.batch_id'),
    )
    .leftJoin('sales_documents as d', (j) =>
      j.onRef('d.tenant_id', '=', 'm.tenant_id').onRef('d.id', '=', 'm.ref_id'),
    )
    .leftJoin('goods_receipts as g', (j) =>
      j.onRef('g.tenant_id', '=', 'm.tenant_id').onRef('g.id', '=', 'm.ref_id'),
    )
    .select([
      'm.kind',
      'm.qty_milli',
      'm.expired_milli',
      'm.created_at',
      'b.batch_no',
      'b.mfg_date',
      'b.expiry_date',
      'd.number',
      'g.supplier_name',
      'g.supplier_invoice_no',
    ])
    .where('m.tenant_id', '=', actor.tenantId)
    .where('m.store_id', '=', query.storeId)
    .where('m.variant_id', '=', query.variantId)
    .where('m.created_at', '<', istStart(addDays(query.to, 1)))
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const start = istStart(query.from);
  let balance = 0;
  let opening = 0;
  const rows: RegisterRow[] = [];
  for (const m of moves) {
    const change = Number(m.qty_milli) + Number(m.expired_milli);
    balance += change;
    if (m.created_at < start) {
      opening = balance;
      continue;
    }
    // Segregation moves stock within the batch (sellable to expired): no change in stock.
    const reference =
      m.kind === 'receipt'
        ? `${m.supplier_name ?? ''} ${m.supplier_invoice_no ?? ''}`.trim()
        : m.kind === 'segregate'
          ? 'expired, kept aside'
          : m.kind === 'dispose'
            ? 'expired, disposed of'
            : (m.number ?? '');
    rows.push({
      date: istDateOf(m.created_at),
      kind: m.kind,
      reference,
      batchNo: m.batch_no,
      mfgDate: m.mfg_date,
      expiryDate: m.expiry_date,
      received: change > 0 ? fromMilli(change) : 0,
      issued: change < 0 ? fromMilli(-change) : 0,
      balance: fromMilli(balance),
    });
  }
  return {
    storeName: store?.name ?? '',
    itemName: item.name,
    from: query.from,
    to: query.to,
    opening: fromMilli(opening),
    rows,
    closing: fromMilli(balance),
  };
}

export const KIND_WORDS: Readonly<Record<string, string>> = {
  receipt: 'Received',
  sale: 'Sold',
  return: 'Returned by buyer',
  segregate: 'Expired stock kept aside',
  dispose: 'Expired stock disposed of',
};

/** The register as CSV (dates as printed on bills, quantities in the item's unit). */
export function stockRegisterCsv(register: StockRegister): string {
  const head = csvRow([
    'Date',
    'Particulars',
    'Reference',
    'Batch',
    'Manufactured',
    'Expiry',
    'Received',
    'Issued',
    'Stock',
  ]);
  const opening = csvRow([
    formatIndianDate(register.from),
    'Opening stock',
    '',
    '',
    '',
    '',
    '',
    '',
    register.opening,
  ]);
  const body = register.rows.map((r) =>
    csvRow([
      formatIndianDate(r.date),
      KIND_WORDS[r.kind] ?? r.kind,
      r.reference,
      r.batchNo,
      r.mfgDate === null ? '' : formatIndianDate(r.mfgDate),
      formatIndianDate(r.expiryDate),
      r.received,
      r.issued,
      r.balance,
    ]),
  );
  const closing = csvRow([
    formatIndianDate(register.to),
    'Closing stock',
    '',
    '',
    '',
    '',
    '',
    '',
    register.closing,
  ]);
  return csvRow([`Stock register: ${register.itemName}`]) + head + opening + body.join('') + closing;
}
