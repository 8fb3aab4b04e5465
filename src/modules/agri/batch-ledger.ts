/**
 * Batches as the API shows them on items and on stock movements (issue 17): the batches of an
 * item's variants in a store (batch number, manufacturing and expiry dates, sellable and expired
 * quantities), and a store's batch movements newest first, each naming its batch and the bill or
 * supplier invoice behind it. Read-only; business records only (no customer appears).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../domain/app-error.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { fromMilli } from '../../kernel/schema-atoms.js';
import { authorizeStore } from '../auth/access.policy.js';

export interface BatchRef {
  id: string;
  batchNo: string;
  mfgDate: string | null;
  expiryDate: string;
}

export interface BatchMovementLine {
  id: string;
  storeId: string;
  variantId: string;
  itemName: string;
  batch: BatchRef;
  kind: string;
  /** Signed change of the sellable quantity. */
  quantity: number;
  /** Signed change of the segregated expired quantity. */
  expiredQuantity: number;
  refType: string | null;
  refId: string | null;
  /** The bill's number, or the supplier's invoice number of a receipt. */
  reference: string | null;
  lineNo: number | null;
  at: string;
}

/** The variant ids of an item (404 when the tenant has no such item). */
export async function variantsOfItem(
  db: Kysely<Database>,
  tenantId: string,
  itemId: string,
): Promise<string[]> {
  const item = await db
    .selectFrom('items')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (item === undefined) throw notFound('item');
  const variants = await db
    .selectFrom('item_variants')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
  return variants.map((v) => v.id);
}

export async function batchMovements(
  db: Kysely<Database>,
  actor: ServiceActor,
  filter: { storeId: string; variantId?: string; batchId?: string; before?: string; limit: number },
): Promise<BatchMovementLine[]> {
  await authorizeStore(db, actor, 'catalog.read', filter.storeId);
  let query = db
    .selectFrom('batch_movements as m')
    .innerJoin('stock_batches as b', (j) =>
      j.onRef('b.tenant_id', '=', 'm.tenant_id').onRef('b.id', '=', 'm.batch_id'),
    )
    .innerJoin('item_variants as v', (j) =>
      j.onRef('v.tenant_id', '=', 'm.tenant_id').onRef('v.id', '=', 'm.variant_id'),
    )
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'),
    )
    .leftJoin('sales_documents as d', (j) =>
      j.onRef('d.tenant_id', '=', 'm.tenant_id').onRef('d.id', '=', 'm.ref_id'),
    )
    .leftJoin('goods_receipts as g', (j) =>
      j.onRef('g.tenant_id', '=', 'm.tenant_id').onRef('g.id', '=', 'm.ref_id'),
    )
    .select([
      'm.id',
      'm.store_id',
      'm.variant_id',
      'm.kind',
      'm.qty_milli',
      'm.expired_milli',
      'm.ref_type',
      'm.ref_id',
      'm.line_no',
      'm.created_at',
      'b.id as batch_id',
      'b.batch_no',
      'b.mfg_date',
      'b.expiry_date',
      'i.name as item_name',
      'd.number as bill_number',
      'g.supplier_invoice_no',
    ])
    .where('m.tenant_id', '=', actor.tenantId)
    .where('m.store_id', '=', filter.storeId);
  if (filter.variantId !== undefined) query = query.where('m.variant_id', '=', filter.variantId);
  if (filter.batchId !== undefined) query = query.where('m.batch_id', '=', filter.batchId);
  if (filter.before !== undefined) query = query.where('m.created_at', '<', filter.before);
  const rows = await query.orderBy('m.created_at', 'desc').orderBy('m.id').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    variantId: r.variant_id,
    itemName: r.item_name,
    batch: { id: r.batch_id, batchNo: r.batch_no, mfgDate: r.mfg_date, expiryDate: r.expiry_date },
    kind: r.kind,
    quantity: fromMilli(Number(r.qty_milli)),
    expiredQuantity: fromMilli(Number(r.expired_milli)),
    refType: r.ref_type,
    refId: r.ref_id,
    reference: r.bill_number ?? r.supplier_invoice_no ?? null,
    lineNo: r.line_no,
    at: r.created_at,
  }));
}
