/**
 * Goods received from a supplier into a store: the receipt (supplier, its invoice number and
 * date, lines with quantity and unit cost) and the stock it adds, in one transaction with its
 * audit entry. A supplier's invoice is received once per store (a second try is a conflict).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { fromMilli, toMilli } from '../../kernel/schema-atoms.js';
import { authorizeStore } from '../auth/access.policy.js';
import { requireStore } from '../billing/store.repository.js';
import { findSellable } from './item.repository.js';
import { applyMovements } from './stock.repository.js';
import { invalid } from '../../domain/app-error.js';

export interface GoodsReceiptInput {
  storeId: string;
  supplierName: string;
  supplierInvoiceNo: string;
  supplierInvoiceDate: string;
  lines: ReceiptLine[];
}

/** A received line; `batch` for items kept per batch (agri inputs, issue 17). */
export interface ReceiptLine {
  variantId: string;
  quantity: number;
  unitCostPaise: number;
  batch?: { batchNo: string; mfgDate?: string | undefined; expiryDate: string } | undefined;
}

/** Writes another capability's rows for every receipt, in its transaction (agri: batches). */
export type ReceiptWriter = (
  trx: Kysely<Database>,
  actor: ServiceActor,
  receipt: { id: string; storeId: string; now: string; lines: readonly ReceiptLine[] },
) => Promise<void>;

export interface GoodsReceiptView {
  id: string;
  storeId: string;
  supplierName: string;
  supplierInvoiceNo: string;
  supplierInvoiceDate: string;
  totalCostPaise: number;
  createdAt: string;
  lines: { variantId: string; quantity: number; unitCostPaise: number }[];
}

export class GoodsReceiptService {
  readonly #writers: ReceiptWriter[] = [];

  /** Registers a writer that runs in every receipt's transaction. */
  onReceived(writer: ReceiptWriter): void {
    this.#writers.push(writer);
  }

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async receive(actor: ServiceActor, input: GoodsReceiptInput): Promise<GoodsReceiptView> {
    await requireStore(this.db, actor.tenantId, input.storeId);
    await authorizeStore(this.db, actor, 'catalog.manage', input.storeId);
    const found = await findSellable(this.db, actor.tenantId, { ids: input.lines.map((l) => l.variantId) });
    const byId = new Map(found.map((r) => [r.id, r]));
    input.lines.forEach((line, i) => {
      const row = byId.get(line.variantId);
      if (row === undefined) throw invalid(`lines.${i}.variantId`, 'no such item variant');
      if (row.item_kind !== 'goods') throw invalid(`lines.${i}.variantId`, 'services hold no stock');
    });
    const id = newId();
    const now = this.clock.now().toISOString();
    // Cost of a line: quantity (thousandths) x unit cost, rounded to the paisa.
    const total = input.lines.reduce(
      (sum, l) => sum + Math.round((toMilli(l.quantity) * l.unitCostPaise) / 1000),
      0,
    );
    await this.db.transaction().execute(async (trx) => {
      const dup = await trx
        .selectFrom('goods_receipts')
        .select('id')
        .where('tenant_id', '=', actor.tenantId)
        .where('store_id', '=', input.storeId)
        .where('supplier_name', '=', input.supplierName)
        .where('supplier_invoice_no', '=', input.supplierInvoiceNo)
        .executeTakeFirst();
      if (dup !== undefined)
        throw new AppError(
          'conflict',
          'this supplier invoice has already been received here',
          'supplierInvoiceNo',
        );
      await trx
        .insertInto('goods_receipts')
        .values({
          tenant_id: actor.tenantId,
          id,
          store_id: input.storeId,
          supplier_name: input.supplierName,
          supplier_invoice_no: input.supplierInvoiceNo,
          supplier_invoice_date: input.supplierInvoiceDate,
          total_cost_paise: total,
          created_by: actor.userId,
          created_at: now,
        })
        .execute();
      await trx
        .insertInto('goods_receipt_lines')
        .values(
          input.lines.map((l, i) => ({
            tenant_id: actor.tenantId,
            receipt_id: id,
            line_no: i + 1,
            variant_id: l.variantId,
            qty_milli: toMilli(l.quantity),
            unit_cost_paise: l.unitCostPaise,
          })),
        )
        .execute();
      await applyMovements(
        trx,
        actor.tenantId,
        input.lines.map((l, i) => ({
          storeId: input.storeId,
          variantId: l.variantId,
          kind: 'adjustment' as const,
          qtyMilli: toMilli(l.quantity),
          reason: 'received',
          refType: 'goods_receipt',
          refId: id,
          field: `lines.${i}.quantity`,
        })),
        { actorId: actor.userId, now, refuseNegative: true },
      );
      for (const writer of this.#writers)
        await writer(trx, actor, { id, storeId: input.storeId, now, lines: input.lines });
      await this.audit.record(trx, actor.audit, {
        action: 'stock.receive',
        objectType: 'goods_receipt',
        objectId: id,
        outcome: 'success',
        details: { storeId: input.storeId, lines: input.lines.length, totalCostPaise: total },
      });
    });
    return {
      id,
      storeId: input.storeId,
      supplierName: input.supplierName,
      supplierInvoiceNo: input.supplierInvoiceNo,
      supplierInvoiceDate: input.supplierInvoiceDate,
      totalCostPaise: total,
      createdAt: now,
      lines: input.lines,
    };
  }

  /** A store's receipts, newest first, with their lines. */
  async list(actor: ServiceActor, storeId: string, limit: number): Promise<GoodsReceiptView[]> {
    await requireStore(this.db, actor.tenantId, storeId);
    await authorizeStore(this.db, actor, 'catalog.read', storeId);
    const heads = await this.db
      .selectFrom('goods_receipts')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('store_id', '=', storeId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    if (heads.length === 0) return [];
    const lines = await this.db
      .selectFrom('goods_receipt_lines')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where(
        'receipt_id',
        'in',
        heads.map((h) => h.id),
      )
      .orderBy('receipt_id')
      .orderBy('line_no')
      .execute();
    return heads.map((h) => ({
      id: h.id,
      storeId: h.store_id,
      supplierName: h.supplier_name,
      supplierInvoiceNo: h.supplier_invoice_no,
      supplierInvoiceDate: h.supplier_invoice_date,
      totalCostPaise: h.total_cost_paise,
      createdAt: h.created_at,
      lines: lines
        .filter((l) => l.receipt_id === h.id)
        .map((l) => ({
          variantId: l.variant_id,
          quantity: fromMilli(l.qty_milli),
          unitCostPaise: l.unit_cost_paise,
        })),
    }));
  }
}
