/**
 * The stock ledger: every change of stock is an appended movement (sale, return, cancel,
 * adjustment, transfer_out, transfer_in), and `stock_levels` keeps the running sum per store and
 * variant, updated in the same transaction. Callers (checkout, credit notes, adjustments,
 * transfers) pass their transaction, so a sale and its stock movement commit together.
 */
import type { Kysely } from 'kysely';
import { prepareInsert } from '../../db/prepared-query.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';

export const movementKinds = [
  'sale',
  'return',
  'cancel',
  'adjustment',
  'transfer_out',
  'transfer_in',
] as const;
export type MovementKind = (typeof movementKinds)[number];

export interface MovementInput {
  readonly storeId: string;
  readonly variantId: string;
  readonly kind: MovementKind;
  /** Signed thousandths of the unit: negative takes stock out. */
  readonly qtyMilli: number;
  readonly reason?: string | null;
  readonly refType?: string | null;
  readonly refId?: string | null;
  /** The input field to name if this movement would take stock below zero. */
  readonly field?: string;
}

export interface MovementContext {
  readonly actorId: string | null;
  readonly now: string;
  /** Refuse a movement that leaves less than nothing on hand. */
  readonly refuseNegative: boolean;
}

const insertMovements = prepareInsert('stock_movements');
const addToLevels = prepareInsert('stock_levels', (query) =>
  query
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'store_id', 'variant_id']).doUpdateSet((eb) => ({
        qty_milli: eb('stock_levels.qty_milli', '+', eb.ref('excluded.qty_milli')),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returning(['store_id', 'variant_id', 'qty_milli']),
);

/** A level that movements taking stock out left below zero (the shop allows selling beyond it). */
export interface NegativeLevel {
  storeId: string;
  variantId: string;
  qtyMilli: number;
}

/**
 * Appends movements and updates the levels. Levels are updated in (store, variant) order, so
 * two transactions touching the same variants take their row locks in the same order and
 * cannot deadlock. Returns the levels that movements taking stock out left below zero (when
 * they are allowed), so the caller can record them for the negative-stock alert.
 */
export async function applyMovements(
  trx: Kysely<Database>,
  tenantId: string,
  movements: readonly MovementInput[],
  context: MovementContext,
): Promise<NegativeLevel[]> {
  if (movements.length === 0) return [];
  const rows = movements.map((m) => ({
    tenant_id: tenantId,
    id: newId(),
    store_id: m.storeId,
    variant_id: m.variantId,
    kind: m.kind,
    qty_milli: m.qtyMilli,
    reason: m.reason ?? null,
    ref_type: m.refType ?? null,
    ref_id: m.refId ?? null,
    actor_id: context.actorId,
    created_at: context.now,
  }));
  for (let i = 0; i < rows.length; i += 500) await insertMovements(trx, rows.slice(i, i + 500));

  const net = new Map<
    string,
    { storeId: string; variantId: string; qty: number; field?: string; out: boolean }
  >();
  for (const m of movements) {
    const key = `${m.storeId}/${m.variantId}`;
    const entry = net.get(key) ?? { storeId: m.storeId, variantId: m.variantId, qty: 0, out: false };
    entry.qty += m.qtyMilli;
    if (m.qtyMilli < 0) {
      entry.out = true;
      entry.field ??= m.field;
    }
    net.set(key, entry);
  }
  const ordered = [...net.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  // One statement for every level; rows are given in (store, variant) order.
  const updated = await addToLevels(
    trx,
    ordered.map((level) => ({
      tenant_id: tenantId,
      store_id: level.storeId,
      variant_id: level.variantId,
      qty_milli: level.qty,
      updated_at: context.now,
    })),
  );
  const negative: NegativeLevel[] = [];
  for (const level of ordered) {
    const after = updated.find((u) => u.store_id === level.storeId && u.variant_id === level.variantId);
    if (level.out && after !== undefined && after.qty_milli < 0) {
      if (!context.refuseNegative) {
        negative.push({ storeId: level.storeId, variantId: level.variantId, qtyMilli: after.qty_milli });
        continue;
      }
      const onHand = (after.qty_milli - level.qty) / 1000;
      throw new AppError('conflict', `not enough stock: ${onHand} on hand`, level.field, {
        reason: 'stock-short',
        variantId: level.variantId,
        onHand,
      });
    }
  }
  return negative;
}

export interface StockLevelRow {
  store_id: string;
  variant_id: string;
  qty_milli: number;
  updated_at: string;
}

/** Levels in the given stores, optionally for some variants. */
export async function stockLevels(
  db: Kysely<Database>,
  tenantId: string,
  stores: 'all' | readonly string[],
  variantIds?: readonly string[],
): Promise<StockLevelRow[]> {
  if (stores !== 'all' && stores.length === 0) return [];
  let query = db
    .selectFrom('stock_levels')
    .select(['store_id', 'variant_id', 'qty_milli', 'updated_at'])
    .where('tenant_id', '=', tenantId);
  if (stores !== 'all') query = query.where('store_id', 'in', [...stores]);
  if (variantIds !== undefined && variantIds.length > 0)
    query = query.where('variant_id', 'in', [...variantIds]);
  return query.orderBy('store_id').orderBy('variant_id').limit(5000).execute();
}
