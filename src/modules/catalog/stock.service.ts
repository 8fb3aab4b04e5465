/**
 * Stock per store as a ledger: levels, the movements behind them, adjustments (opening stock,
 * goods received, counts, damage, loss) and transfers between stores, each in one transaction
 * with its audit entry. Sales, returns and cancellations move stock through checkout.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { authorizeStore } from '../auth/access.policy.js';
import { requireStoreVisible, visibleStores, type ServiceActor } from '../../kernel/actor.js';
import { fromMilli, toMilli } from '../../kernel/schema-atoms.js';
import { requireStore } from '../billing/store.repository.js';
import { findSellable } from './item.repository.js';
import { applyMovements, stockLevels, type MovementInput } from './stock.repository.js';

export const adjustmentReasons = ['opening', 'received', 'count', 'damaged', 'lost', 'other'] as const;
export type AdjustmentReason = (typeof adjustmentReasons)[number];

export interface StockLine {
  variantId: string;
  /** Signed for adjustments (negative takes out), positive for transfers. */
  quantity: number;
}

export interface StockLevelView {
  storeId: string;
  variantId: string;
  quantity: number;
  updatedAt: string;
}

export interface MovementView {
  id: string;
  storeId: string;
  variantId: string;
  kind: string;
  quantity: number;
  reason: string | null;
  refType: string | null;
  refId: string | null;
  createdAt: string;
}

export class StockService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async levels(
    actor: ServiceActor,
    filter: { storeId?: string; variantIds?: string[] },
  ): Promise<StockLevelView[]> {
    let stores = visibleStores(actor);
    if (filter.storeId !== undefined) {
      await requireStore(this.db, actor.tenantId, filter.storeId);
      requireStoreVisible(actor, filter.storeId, 'store');
      stores = [filter.storeId];
    }
    const rows = await stockLevels(this.db, actor.tenantId, stores, filter.variantIds);
    return rows.map((r) => ({
      storeId: r.store_id,
      variantId: r.variant_id,
      quantity: fromMilli(r.qty_milli),
      updatedAt: r.updated_at,
    }));
  }

  async movements(
    actor: ServiceActor,
    filter: { storeId: string; variantId?: string; before?: string; limit: number },
  ): Promise<MovementView[]> {
    await requireStore(this.db, actor.tenantId, filter.storeId);
    requireStoreVisible(actor, filter.storeId, 'store');
    let query = this.db
      .selectFrom('stock_movements')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('store_id', '=', filter.storeId);
    if (filter.variantId !== undefined) query = query.where('variant_id', '=', filter.variantId);
    if (filter.before !== undefined) query = query.where('created_at', '<', filter.before);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      storeId: r.store_id,
      variantId: r.variant_id,
      kind: r.kind,
      quantity: fromMilli(r.qty_milli),
      reason: r.reason,
      refType: r.ref_type,
      refId: r.ref_id,
      createdAt: r.created_at,
    }));
  }

  /** Adjusts stock in one store: one movement per line, all or nothing; never below zero. */
  async adjust(
    actor: ServiceActor,
    input: { storeId: string; reason: AdjustmentReason; lines: StockLine[] },
  ): Promise<{ adjustmentId: string; levels: StockLevelView[] }> {
    await requireStore(this.db, actor.tenantId, input.storeId);
    await authorizeStore(this.db, actor, 'catalog.manage', input.storeId);
    await this.#requireGoods(actor.tenantId, input.lines);
    const adjustmentId = newId();
    const movements: MovementInput[] = input.lines.map((line, i) => ({
      storeId: input.storeId,
      variantId: line.variantId,
      kind: 'adjustment',
      qtyMilli: toMilli(line.quantity),
      reason: input.reason,
      refType: 'adjustment',
      refId: adjustmentId,
      field: `lines.${i}.quantity`,
    }));
    await this.#move(actor, movements, 'stock.adjust', adjustmentId, { reason: input.reason });
    return {
      adjustmentId,
      levels: await this.levels(actor, {
        storeId: input.storeId,
        variantIds: input.lines.map((l) => l.variantId),
      }),
    };
  }

  /** Moves stock from one store to another in one transaction. */
  async transfer(
    actor: ServiceActor,
    input: { fromStoreId: string; toStoreId: string; lines: StockLine[] },
  ): Promise<{ transferId: string }> {
    if (input.fromStoreId === input.toStoreId)
      throw invalid('toStoreId', 'must differ from the source store');
    for (const storeId of [input.fromStoreId, input.toStoreId]) {
      await requireStore(this.db, actor.tenantId, storeId);
      await authorizeStore(this.db, actor, 'catalog.manage', storeId);
    }
    await this.#requireGoods(actor.tenantId, input.lines);
    const transferId = newId();
    const movements = input.lines.flatMap((line, i): MovementInput[] => {
      const qty = toMilli(line.quantity);
      const common = { variantId: line.variantId, refType: 'transfer', refId: transferId };
      return [
        {
          ...common,
          storeId: input.fromStoreId,
          kind: 'transfer_out',
          qtyMilli: -qty,
          field: `lines.${i}.quantity`,
        },
        { ...common, storeId: input.toStoreId, kind: 'transfer_in', qtyMilli: qty },
      ];
    });
    await this.#move(actor, movements, 'stock.transfer', transferId, {
      fromStoreId: input.fromStoreId,
      toStoreId: input.toStoreId,
    });
    return { transferId };
  }

  async #move(
    actor: ServiceActor,
    movements: MovementInput[],
    action: string,
    objectId: string,
    details: Record<string, string>,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await applyMovements(trx, actor.tenantId, movements, {
        actorId: actor.userId,
        now: this.clock.now().toISOString(),
        refuseNegative: true,
      });
      await this.audit.record(trx, actor.audit, {
        action,
        objectType: 'stock',
        objectId,
        outcome: 'success',
        details: { ...details, lines: movements.length },
      });
    });
  }

  /** Every line names a goods variant of the tenant (services hold no stock). */
  async #requireGoods(tenantId: string, lines: readonly StockLine[]): Promise<void> {
    const found = await findSellable(this.db, tenantId, { ids: lines.map((l) => l.variantId) });
    const byId = new Map(found.map((r) => [r.id, r]));
    lines.forEach((line, i) => {
      const row = byId.get(line.variantId);
      if (row === undefined) throw invalid(`lines.${i}.variantId`, 'no such item variant');
      if (row.item_kind !== 'goods') throw invalid(`lines.${i}.variantId`, 'services hold no stock');
    });
  }
}
