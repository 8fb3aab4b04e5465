/**
 * Stock per batch: the batches of a variant in a store in FEFO order (earliest expiry first),
 * taking from a batch by a conditional update (never read-then-write: the row changes only if it
 * still holds the quantity), and the appended batch movements every change writes.
 */
import type { Kysely } from 'kysely';
import { isSqlite } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { newId } from '../../domain/ids.js';

export type BatchRow = Database['stock_batches'];

export const batchMovementKinds = ['receipt', 'sale', 'return', 'segregate', 'dispose'] as const;
export type BatchMovementKind = (typeof batchMovementKinds)[number];

export interface BatchMovementInput {
  batch: Pick<BatchRow, 'id' | 'store_id' | 'variant_id'>;
  kind: BatchMovementKind;
  qtyMilli: number;
  expiredMilli?: number;
  refType?: string | null;
  refId?: string | null;
  lineNo?: number | null;
}

/**
 * The batches of a variant in a store holding sellable stock, earliest expiry first (then the
 * oldest received). Inside a sale's transaction on PostgreSQL the rows are locked (SQLite's
 * write transaction already holds the database).
 */
export async function fefoBatches(
  trx: Kysely<Database>,
  tenantId: string,
  storeId: string,
  variantId: string,
  lock: boolean,
): Promise<BatchRow[]> {
  const query = trx
    .selectFrom('stock_batches')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('store_id', '=', storeId)
    .where('variant_id', '=', variantId)
    .where('qty_milli', '>', 0)
    .orderBy('expiry_date')
    .orderBy('created_at')
    .orderBy('id');
  return (lock && !isSqlite(trx) ? query.forUpdate() : query).execute();
}

export async function findBatch(
  db: Kysely<Database>,
  tenantId: string,
  batchId: string,
  lock = false,
): Promise<BatchRow | undefined> {
  const query = db
    .selectFrom('stock_batches')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', batchId);
  return (lock && !isSqlite(db) ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * Takes `qtyMilli` out of a batch's sellable stock. With `refuseShort` the update applies only
 * while the batch still holds that much (a conditional update, so two sales racing for the last
 * units cannot both succeed); returns whether it applied.
 */
export async function takeFromBatch(
  trx: Kysely<Database>,
  tenantId: string,
  batchId: string,
  qtyMilli: number,
  now: string,
  refuseShort: boolean,
): Promise<boolean> {
  let query = trx
    .updateTable('stock_batches')
    .set((eb) => ({ qty_milli: eb('qty_milli', '-', qtyMilli), updated_at: now }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', batchId);
  if (refuseShort) query = query.where('qty_milli', '>=', qtyMilli);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function appendBatchMovements(
  trx: Kysely<Database>,
  tenantId: string,
  movements: readonly BatchMovementInput[],
  context: { actorId: string | null; now: string },
): Promise<void> {
  if (movements.length === 0) return;
  await trx
    .insertInto('batch_movements')
    .values(
      movements.map((m) => ({
        tenant_id: tenantId,
        id: newId(),
        batch_id: m.batch.id,
        store_id: m.batch.store_id,
        variant_id: m.batch.variant_id,
        kind: m.kind,
        qty_milli: m.qtyMilli,
        expired_milli: m.expiredMilli ?? 0,
        ref_type: m.refType ?? null,
        ref_id: m.refId ?? null,
        line_no: m.lineNo ?? null,
        actor_id: context.actorId,
        created_at: context.now,
      })),
    )
    .execute();
}

/** The category, rule and name of each variant (for receipts and sales). */
export interface VariantRule {
  variantId: string;
  itemName: string;
  category: string | null;
  needsBatch: boolean;
  licenceKind: LicenceKind | null;
  /** Subsidised fertiliser sold through the government PoS device. */
  subsidised: boolean;
  /** The item's unit of quantity (UQC): `BAG` when sold by the bag. */
  uqc: string;
}

export const licenceKinds = ['pesticide', 'fertiliser', 'seed'] as const;
export type LicenceKind = (typeof licenceKinds)[number];

export async function variantRules(
  db: Kysely<Database>,
  tenantId: string,
  variantIds: readonly string[],
): Promise<Map<string, VariantRule>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('item_variants as v')
    .innerJoin('items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'),
    )
    .leftJoin('agri_category_rules as r', (j) =>
      j.onRef('r.tenant_id', '=', 'i.tenant_id').onRef('r.category', '=', 'i.category'),
    )
    .select(['v.id', 'i.name', 'i.category', 'i.uqc', 'r.needs_batch', 'r.licence_kind', 'r.subsidised'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.id', 'in', [...new Set(variantIds)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        variantId: r.id,
        itemName: r.name,
        category: r.category,
        needsBatch: r.needs_batch === 1,
        licenceKind: (r.licence_kind as LicenceKind | null) ?? null,
        subsidised: r.subsidised === 1,
        uqc: r.uqc,
      },
    ]),
  );
}
