/**
 * Stock per store as a ledger: levels, the movements behind them, adjustments (opening stock,
 * goods received, counts, damage, loss) and transfers between stores, each in one transaction
 * with its audit entry. Sales, returns and cancellations move stock through checkout.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { authorizeStore } from '../auth/access.policy.js';
import { requireStoreVisible, visibleStores, type ServiceActor } from '../../kernel/actor.js';
import { fromMilli, toMilli } from '../../kernel/schema-atoms.js';
import { challanPrefix, loadStoreProfile } from '../billing/billing-settings.repository.js';
import { renderChallanPdf, type ChallanParty } from '../documents/challan-pdf.renderer.js';
import { takeNextNumber } from '../billing/series.repository.js';
import { requireStore, type StoreRow } from '../billing/store.repository.js';
import { istDateOf } from '../../domain/gst/index.js';
import { financialYearOf } from '../../domain/numbering/index.js';
import { findSellable, type SellableRow } from './item.repository.js';
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

/** A transfer as listed: its challan, the stores, how many pieces and their value. */
export interface TransferView {
  id: string;
  challanNumber: string;
  fromStoreId: string;
  toStoreId: string;
  valuePaise: number;
  quantity: number;
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

  /**
   * Moves stock from one store to another under the same GSTIN in one transaction: a transfer
   * out and in per line, the delivery challan numbered in the sending store's own series (Rule
   * 55) with what moved as printed on it, and the audit entry. Never below zero in the sending
   * store. A store under another GSTIN is a distinct person: stock sent there is a sale to bill.
   */
  async transfer(
    actor: ServiceActor,
    input: { fromStoreId: string; toStoreId: string; lines: StockLine[] },
  ): Promise<{ transferId: string; challanNumber: string }> {
    if (input.fromStoreId === input.toStoreId)
      throw invalid('toStoreId', 'must differ from the source store');
    const stores = [];
    for (const storeId of [input.fromStoreId, input.toStoreId]) {
      stores.push(await requireStore(this.db, actor.tenantId, storeId));
      await authorizeStore(this.db, actor, 'catalog.manage', storeId);
    }
    const [from, to] = stores as [StoreRow, StoreRow];
    if (from.gstin !== to.gstin)
      throw invalid('toStoreId', 'is registered under another GSTIN: bill goods sent there as a sale');
    const variants = await this.#requireGoods(actor.tenantId, input.lines);
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
    const lines = input.lines.map((line, i) => {
      const v = variants.get(line.variantId)!;
      const options = [v.size, v.colour].filter((o): o is string => o !== null && o !== '');
      return {
        tenant_id: actor.tenantId,
        transfer_id: transferId,
        line_no: i + 1,
        variant_id: line.variantId,
        description: options.length === 0 ? v.name : `${v.name} (${options.join(', ')})`,
        hsn_sac: v.hsn_sac,
        qty_milli: toMilli(line.quantity),
        value_paise: Math.round(v.price * line.quantity),
      };
    });
    const now = this.clock.now();
    const prefix = await challanPrefix(this.db, from);
    const challanNumber = await this.#move(
      actor,
      movements,
      'stock.transfer',
      transferId,
      {
        fromStoreId: input.fromStoreId,
        toStoreId: input.toStoreId,
      },
      async (trx) => {
        const taken = await takeNextNumber(
          trx,
          actor.tenantId,
          input.fromStoreId,
          'delivery-challan',
          financialYearOf(istDateOf(now)),
          { prefix, includeYear: true, minDigits: 5 },
          now.toISOString(),
        );
        await trx
          .insertInto('stock_transfers')
          .values({
            tenant_id: actor.tenantId,
            id: transferId,
            challan_number: taken.number,
            from_store_id: input.fromStoreId,
            to_store_id: input.toStoreId,
            value_paise: lines.reduce((sum, l) => sum + l.value_paise, 0),
            created_by: actor.userId,
            created_at: now.toISOString(),
          })
          .execute();
        await trx.insertInto('stock_transfer_lines').values(lines).execute();
        return taken.number;
      },
    );
    return { transferId, challanNumber: challanNumber ?? '' };
  }

  /** Transfers from or to the stores the actor sees, newest first, with their challan numbers. */
  async transfers(actor: ServiceActor, filter: { limit: number }): Promise<TransferView[]> {
    const stores = visibleStores(actor);
    if (stores !== 'all' && stores.length === 0) return [];
    let query = this.db
      .selectFrom('stock_transfers as t')
      .leftJoin('stock_transfer_lines as l', (j) =>
        j.onRef('l.tenant_id', '=', 't.tenant_id').onRef('l.transfer_id', '=', 't.id'),
      )
      .select(({ fn }) => [
        't.id',
        't.challan_number',
        't.from_store_id',
        't.to_store_id',
        't.value_paise',
        't.created_at',
        fn.sum<number>('l.qty_milli').as('qty_milli'),
      ])
      .where('t.tenant_id', '=', actor.tenantId);
    if (stores !== 'all')
      query = query.where((eb) =>
        eb.or([eb('t.from_store_id', 'in', [...stores]), eb('t.to_store_id', 'in', [...stores])]),
      );
    const rows = await query
      .groupBy([
        't.id',
        't.challan_number',
        't.from_store_id',
        't.to_store_id',
        't.value_paise',
        't.created_at',
      ])
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id')
      .limit(filter.limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      challanNumber: r.challan_number,
      fromStoreId: r.from_store_id,
      toStoreId: r.to_store_id,
      valuePaise: Number(r.value_paise),
      quantity: fromMilli(Number(r.qty_milli ?? 0)),
      createdAt: r.created_at,
    }));
  }

  /** The delivery challan of a transfer as a PDF (either store's people may print it). */
  async challanPdf(actor: ServiceActor, transferId: string): Promise<{ number: string; pdf: Buffer }> {
    const transfer = await this.db
      .selectFrom('stock_transfers')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', transferId)
      .executeTakeFirst();
    const stores = visibleStores(actor);
    if (
      transfer === undefined ||
      (stores !== 'all' && !stores.includes(transfer.from_store_id) && !stores.includes(transfer.to_store_id))
    )
      throw notFound('transfer');
    const lines = await this.db
      .selectFrom('stock_transfer_lines')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('transfer_id', '=', transferId)
      .orderBy('line_no')
      .execute();
    const party = async (storeId: string): Promise<ChallanParty> => {
      const p = await loadStoreProfile(this.db, actor.tenantId, storeId);
      return {
        legalName: p.legalName,
        tradeName: p.tradeName,
        addressLines: [
          [p.addressLine1, p.addressLine2].filter((l) => l !== null && l !== '').join(', '),
          `${p.city} ${p.pincode}`.trim(),
        ],
        gstin: p.gstin,
        stateCode: p.stateCode,
      };
    };
    const pdf = await renderChallanPdf({
      number: transfer.challan_number,
      issuedAt: transfer.created_at,
      from: await party(transfer.from_store_id),
      to: await party(transfer.to_store_id),
      lines: lines.map((l) => ({
        description: l.description,
        hsnSac: l.hsn_sac,
        quantity: fromMilli(Number(l.qty_milli)),
        valuePaise: Number(l.value_paise),
      })),
    });
    return { number: transfer.challan_number, pdf };
  }

  async #move<T = undefined>(
    actor: ServiceActor,
    movements: MovementInput[],
    action: string,
    objectId: string,
    details: Record<string, string>,
    alsoWrite?: (trx: Kysely<Database>) => Promise<T>,
  ): Promise<T | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const written = await alsoWrite?.(trx);
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
      return written;
    });
  }

  /** Every line names a goods variant of the tenant (services hold no stock); the variants by id. */
  async #requireGoods(tenantId: string, lines: readonly StockLine[]): Promise<Map<string, SellableRow>> {
    const found = await findSellable(this.db, tenantId, { ids: lines.map((l) => l.variantId) });
    const byId = new Map(found.map((r) => [r.id, r]));
    lines.forEach((line, i) => {
      const row = byId.get(line.variantId);
      if (row === undefined) throw invalid(`lines.${i}.variantId`, 'no such item variant');
      if (row.item_kind !== 'goods') throw invalid(`lines.${i}.variantId`, 'services hold no stock');
    });
    return byId;
  }
}
