/**
 * Batches and expiry of agri inputs (issue 17): which categories are sold by batch, batches
 * received with goods receipts, FEFO (first expiry, first out) at the counter with the cashier's
 * own choice of batch, refusal of an expired batch, segregation of expired stock for disposal
 * (Insecticides Rules 10A) and the near-expiry list of the dashboard. Sales and receipts write
 * through the writers checkout and goods receipts run in their transaction, so a batch and the
 * bill or receipt that moved it commit together.
 */
import type { Kysely } from 'kysely';
import { isSqlite } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { formatIndianDate, istDateOf } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { addDays, daysBetween } from '../../domain/agri/season.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { requireActorPermission, visibleStores, type ServiceActor } from '../../kernel/actor.js';
import { fromMilli, toMilli } from '../../kernel/schema-atoms.js';
import { authorizeStore } from '../auth/access.policy.js';
import type { SaleWriter } from '../billing/checkout.service.js';
import type { NoteWriter } from '../billing/credit-note.service.js';
import type { PrintAnnotator } from '../billing/document.service.js';
import type { ReceiptWriter } from '../catalog/goods-receipt.service.js';
import { applyMovements } from '../catalog/stock.repository.js';
import {
  appendBatchMovements,
  fefoBatches,
  findBatch,
  takeFromBatch,
  variantRules,
  type BatchMovementInput,
  type BatchRow,
  type LicenceKind,
} from './batch.repository.js';
import { variantsOfItem } from './batch-ledger.js';
import { subsidyOf } from './fertiliser-subsidy.js';
import type { LicenceService } from './licence.service.js';
import { nearExpiryDaysOf } from './agri-settings.service.js';
import { AGRI_PRINT_WORDS } from './agri-print-words.js';

/** How expired stock left the shop (Insecticides Rules 10A): a fixed list, safe in the audit trail. */
export const disposalReasons = ['returned_to_supplier', 'destroyed', 'handed_to_authority'] as const;
export type DisposalReason = (typeof disposalReasons)[number];

export interface CategoryRuleView {
  category: string;
  needsBatch: boolean;
  licenceKind: LicenceKind | null;
  /** Subsidised fertiliser sold through the government PoS device (only with the fertiliser licence). */
  subsidised: boolean;
}

export interface BatchView {
  id: string;
  storeId: string;
  variantId: string;
  itemName: string;
  batchNo: string;
  mfgDate: string | null;
  expiryDate: string;
  quantity: number;
  expiredQuantity: number;
  /** Past its expiry date (on the shop's IST date): it cannot be sold. */
  expired: boolean;
  /** Days left until the expiry date (negative: expired that many days ago). */
  daysLeft: number;
  /** Not expired, and expiring within the shop's near-expiry window. */
  nearExpiry: boolean;
}

export interface BatchMovementView {
  kind: string;
  quantity: number;
  expiredQuantity: number;
  refType: string | null;
  refId: string | null;
  lineNo: number | null;
  at: string;
}

/** The batch a bill line was sold from, for the printed bill. */
export interface LineBatch {
  lineNo: number;
  batchNo: string;
  expiryDate: string;
  quantity: number;
}

export class BatchService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly licences: LicenceService,
  ) {}

  private today(): string {
    return istDateOf(this.clock.now());
  }

  async categoryRules(actor: ServiceActor): Promise<CategoryRuleView[]> {
    requireActorPermission(actor, 'catalog.read', 'reading category rules');
    const rows = await this.db
      .selectFrom('agri_category_rules')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .orderBy('category')
      .execute();
    return rows.map((r) => ({
      category: r.category,
      needsBatch: r.needs_batch === 1,
      licenceKind: (r.licence_kind as LicenceKind | null) ?? null,
      subsidised: r.subsidised === 1,
    }));
  }

  async setCategoryRule(
    actor: ServiceActor,
    input: Omit<CategoryRuleView, 'subsidised'> & { subsidised?: boolean },
  ): Promise<CategoryRuleView> {
    requireActorPermission(actor, 'catalog.manage', 'changing category rules');
    const rule: CategoryRuleView = { ...input, subsidised: input.subsidised ?? false };
    if (rule.subsidised && rule.licenceKind !== 'fertiliser')
      throw invalid('subsidised', 'only fertilisers sold under the fertiliser licence are subsidised');
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('agri_category_rules')
        .values({
          tenant_id: actor.tenantId,
          category: rule.category,
          needs_batch: rule.needsBatch ? 1 : 0,
          licence_kind: rule.licenceKind,
          subsidised: rule.subsidised ? 1 : 0,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'category']).doUpdateSet({
            needs_batch: rule.needsBatch ? 1 : 0,
            licence_kind: rule.licenceKind,
            subsidised: rule.subsidised ? 1 : 0,
            updated_at: now,
          }),
        )
        .execute();
      await this.audit.record(trx, actor.audit, {
        action: 'catalog.category_rule',
        objectType: 'category',
        objectId: rule.category,
        outcome: 'success',
        details: { needsBatch: rule.needsBatch, licenceKind: rule.licenceKind, subsidised: rule.subsidised },
      });
    });
    return rule;
  }

  /** Checks and records the batch of each received line (a registered goods-receipt writer). */
  readonly receiptWriter: ReceiptWriter = async (trx, actor, receipt) => {
    const rules = await variantRules(
      trx,
      actor.tenantId,
      receipt.lines.map((l) => l.variantId),
    );
    const today = istDateOf(new Date(receipt.now));
    const movements: BatchMovementInput[] = [];
    for (const [i, line] of receipt.lines.entries()) {
      const rule = rules.get(line.variantId);
      const batch = line.batch;
      if (batch === undefined) {
        if (rule?.needsBatch === true)
          throw invalid(
            `lines.${i}.batch`,
            `${rule.itemName} is sold by batch: give its batch number and expiry date`,
          );
        continue;
      }
      if (batch.mfgDate !== undefined && batch.mfgDate > batch.expiryDate)
        throw invalid(`lines.${i}.batch.expiryDate`, 'the expiry date is before the manufacturing date');
      if (batch.mfgDate !== undefined && batch.mfgDate > today)
        throw invalid(`lines.${i}.batch.mfgDate`, 'the manufacturing date is in the future');
      if (batch.expiryDate < today)
        throw invalid(
          `lines.${i}.batch.expiryDate`,
          `batch ${batch.batchNo} expired on ${formatIndianDate(batch.expiryDate)}: expired stock cannot be received for sale`,
        );
      const qty = toMilli(line.quantity);
      const existing = await trx
        .selectFrom('stock_batches')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('store_id', '=', receipt.storeId)
        .where('variant_id', '=', line.variantId)
        .where('batch_no', '=', batch.batchNo)
        .executeTakeFirst();
      let row: Pick<BatchRow, 'id' | 'store_id' | 'variant_id'>;
      if (existing !== undefined) {
        if (existing.expiry_date !== batch.expiryDate)
          throw invalid(
            `lines.${i}.batch.expiryDate`,
            `batch ${batch.batchNo} is already in stock with expiry ${formatIndianDate(existing.expiry_date)}`,
          );
        await trx
          .updateTable('stock_batches')
          .set((eb) => ({ qty_milli: eb('qty_milli', '+', qty), updated_at: receipt.now }))
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', existing.id)
          .execute();
        row = existing;
      } else {
        row = { id: newId(), store_id: receipt.storeId, variant_id: line.variantId };
        await trx
          .insertInto('stock_batches')
          .values({
            tenant_id: actor.tenantId,
            id: row.id,
            store_id: receipt.storeId,
            variant_id: line.variantId,
            batch_no: batch.batchNo,
            mfg_date: batch.mfgDate ?? null,
            expiry_date: batch.expiryDate,
            receipt_id: receipt.id,
            qty_milli: qty,
            expired_milli: 0,
            created_at: receipt.now,
            updated_at: receipt.now,
          })
          .execute();
      }
      movements.push({
        batch: row,
        kind: 'receipt',
        qtyMilli: qty,
        refType: 'goods_receipt',
        refId: receipt.id,
        lineNo: i + 1,
      });
    }
    await appendBatchMovements(trx, actor.tenantId, movements, { actorId: actor.userId, now: receipt.now });
  };

  /**
   * Takes each sold line out of its batch (a registered checkout writer): the cashier's chosen
   * batch, else FEFO for categories sold by batch. An expired batch is refused with its number and
   * date; when the shop refuses negative stock a batch never gives more than it holds.
   */
  readonly saleWriter: SaleWriter = async (trx, actor, input, sale) => {
    const { draft } = sale;
    // Draft lines are in the cart's order: line i is input line i.
    const lines = draft.lines.flatMap((l, index) =>
      l.variantId === null ? [] : [{ index, variantId: l.variantId, quantity: l.quantity }],
    );
    if (lines.length === 0) return;
    const rules = await variantRules(
      trx,
      actor.tenantId,
      lines.map((l) => l.variantId ?? ''),
    );
    const needsLicence = new Map<LicenceKind, number>();
    for (const line of lines) {
      const kind = rules.get(line.variantId ?? '')?.licenceKind ?? null;
      if (kind !== null && !needsLicence.has(kind)) needsLicence.set(kind, line.index);
    }
    for (const [kind, index] of needsLicence)
      await this.licences.requireValid(
        trx,
        actor.tenantId,
        draft.storeId,
        kind,
        draft.date,
        `lines.${index}.variantId`,
      );
    const settings = await trx
      .selectFrom('billing_settings')
      .select('negative_stock')
      .where('tenant_id', '=', actor.tenantId)
      .executeTakeFirst();
    const refuseShort = settings?.negative_stock === 'refuse';
    const movements: BatchMovementInput[] = [];
    for (const line of lines) {
      const variantId = line.variantId ?? '';
      const rule = rules.get(variantId);
      const chosen = input.lines[line.index]?.batchId;
      const qty = Math.round(line.quantity * 1000);
      if (qty <= 0) continue;
      const take = (batch: BatchRow, q: number) =>
        movements.push({
          batch,
          kind: 'sale',
          qtyMilli: -q,
          refType: 'invoice',
          refId: draft.id,
          lineNo: line.index + 1,
        });
      if (chosen !== undefined) {
        const field = `lines.${line.index}.batchId`;
        const batch = await findBatch(trx, actor.tenantId, chosen, true);
        if (batch === undefined || batch.store_id !== draft.storeId || batch.variant_id !== variantId)
          throw invalid(field, 'no such batch of this item in this store');
        refuseExpired(batch, draft.date, field);
        if (!(await takeFromBatch(trx, actor.tenantId, batch.id, qty, draft.issuedAt, refuseShort)))
          throw new AppError(
            'conflict',
            `batch ${batch.batch_no} has only ${fromMilli(Math.max(batch.qty_milli, 0))} left`,
            field,
            {
              reason: 'batch-short',
              batchNo: batch.batch_no,
              onHand: fromMilli(Math.max(batch.qty_milli, 0)),
            },
          );
        take(batch, qty);
        continue;
      }
      if (rule?.needsBatch !== true) continue;
      const field = `lines.${line.index}.quantity`;
      const candidates = await fefoBatches(trx, actor.tenantId, draft.storeId, variantId, true);
      const usable = candidates.filter((b) => b.expiry_date >= draft.date);
      let need = qty;
      for (const batch of usable) {
        if (need === 0) break;
        const part = Math.min(need, batch.qty_milli);
        if (!(await takeFromBatch(trx, actor.tenantId, batch.id, part, draft.issuedAt, true))) continue;
        take(batch, part);
        need -= part;
      }
      if (need > 0) {
        const last = usable[usable.length - 1];
        if (!refuseShort && last !== undefined) {
          await takeFromBatch(trx, actor.tenantId, last.id, need, draft.issuedAt, false);
          take(last, need);
          continue;
        }
        const expired = candidates.find((b) => b.expiry_date < draft.date);
        if (usable.length === 0 && expired !== undefined) refuseExpired(expired, draft.date, field);
        if (refuseShort) {
          const onHand = fromMilli(qty - need);
          throw new AppError('conflict', `not enough stock in unexpired batches: ${onHand} on hand`, field, {
            reason: 'batch-stock-short',
            onHand,
          });
        }
      }
    }
    await appendBatchMovements(trx, actor.tenantId, movements, {
      actorId: actor.userId,
      now: draft.issuedAt,
    });
  };

  /**
   * Puts what a credit note restocked back into the batches its invoice line was sold from (a
   * registered credit-note writer), in the order they were sold, never more to a batch than the
   * line took from it less what earlier notes returned.
   */
  readonly returnWriter: NoteWriter = async (trx, actor, note) => {
    const restocked = note.lines.filter((l) => l.restocked && l.quantity > 0);
    if (restocked.length === 0) return;
    // The line's batches in the order the sale took them (FEFO: earliest expiry first).
    const sold = await trx
      .selectFrom('batch_movements as m')
      .innerJoin('stock_batches as b', (j) =>
        j.onRef('b.tenant_id', '=', 'm.tenant_id').onRef('b.id', '=', 'm.batch_id'),
      )
      .select(['m.batch_id', 'm.store_id', 'm.variant_id', 'm.line_no', 'm.qty_milli'])
      .where('m.tenant_id', '=', actor.tenantId)
      .where('m.ref_id', '=', note.invoiceId)
      .where('m.kind', '=', 'sale')
      .orderBy('m.line_no')
      .orderBy('b.expiry_date')
      .orderBy('b.created_at')
      .orderBy('b.id')
      .execute();
    if (sold.length === 0) return;
    const notes = await trx
      .selectFrom('sales_documents')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('original_id', '=', note.invoiceId)
      .where('id', '!=', note.id)
      .execute();
    const earlier =
      notes.length === 0
        ? []
        : await trx
            .selectFrom('batch_movements')
            .select(['batch_id', 'line_no', 'qty_milli'])
            .where('tenant_id', '=', actor.tenantId)
            .where('kind', '=', 'return')
            .where(
              'ref_id',
              'in',
              notes.map((n) => n.id),
            )
            .execute();
    const movements: BatchMovementInput[] = [];
    for (const line of restocked) {
      let left = Math.round(line.quantity * 1000);
      for (const m of sold.filter((s) => s.line_no === line.origLineNo)) {
        if (left <= 0) break;
        const back = earlier
          .filter((e) => e.batch_id === m.batch_id && e.line_no === line.origLineNo)
          .reduce((sum, e) => sum + e.qty_milli, 0);
        const room =
          -m.qty_milli -
          back -
          movements
            .filter((x) => x.batch.id === m.batch_id && x.lineNo === line.origLineNo)
            .reduce((sum, x) => sum + x.qtyMilli, 0);
        const part = Math.min(left, room);
        if (part <= 0) continue;
        await trx
          .updateTable('stock_batches')
          .set((eb) => ({ qty_milli: eb('qty_milli', '+', part), updated_at: note.now }))
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', m.batch_id)
          .execute();
        movements.push({
          batch: { id: m.batch_id, store_id: m.store_id, variant_id: m.variant_id },
          kind: 'return',
          qtyMilli: part,
          refType: 'credit_note',
          refId: note.id,
          lineNo: line.origLineNo,
        });
        left -= part;
      }
    }
    await appendBatchMovements(trx, actor.tenantId, movements, { actorId: actor.userId, now: note.now });
  };

  /** A store's batches (optionally of one variant), FEFO order, with their expiry state. */
  async batches(
    actor: ServiceActor,
    query: { storeId: string; variantId?: string; includeEmpty?: boolean },
  ): Promise<BatchView[]> {
    await authorizeStore(this.db, actor, 'catalog.read', query.storeId);
    const variants = query.variantId === undefined ? undefined : [query.variantId];
    return this.listBatches(actor.tenantId, query.storeId, variants, query.includeEmpty === true);
  }

  /** The batches of every variant of an item in a store (FEFO order), empty ones when asked. */
  async itemBatches(
    actor: ServiceActor,
    query: { itemId: string; storeId: string; includeEmpty?: boolean },
  ): Promise<BatchView[]> {
    await authorizeStore(this.db, actor, 'catalog.read', query.storeId);
    const variantIds = await variantsOfItem(this.db, actor.tenantId, query.itemId);
    if (variantIds.length === 0) return [];
    return this.listBatches(actor.tenantId, query.storeId, variantIds, query.includeEmpty === true);
  }

  private async listBatches(
    tenantId: string,
    storeId: string,
    variantIds: readonly string[] | undefined,
    includeEmpty: boolean,
  ): Promise<BatchView[]> {
    let q = this.batchQuery(tenantId).where('b.store_id', '=', storeId);
    if (variantIds !== undefined) q = q.where('b.variant_id', 'in', [...variantIds]);
    if (!includeEmpty) q = q.where((eb) => eb.or([eb('b.qty_milli', '>', 0), eb('b.expired_milli', '>', 0)]));
    const rows = await q
      .orderBy('b.expiry_date')
      .orderBy('b.created_at')
      .orderBy('b.id')
      .limit(500)
      .execute();
    const window = await nearExpiryDaysOf(this.db, tenantId);
    return rows.map((r) => this.view(r, window));
  }

  /**
   * Batches holding sellable stock that expire within `days` (the shop's near-expiry window when
   * not given) or have expired, and batches of segregated expired stock awaiting disposal,
   * soonest expiry first; with the window used.
   */
  async nearExpiry(actor: ServiceActor, asked?: number): Promise<{ days: number; batches: BatchView[] }> {
    const stores = visibleStores(actor);
    requireActorPermission(actor, 'catalog.read', 'reading stock');
    const window = await nearExpiryDaysOf(this.db, actor.tenantId);
    const days = asked ?? window;
    if (stores !== 'all' && stores.length === 0) return { days, batches: [] };
    const until = addDays(this.today(), days);
    let q = this.batchQuery(actor.tenantId).where((eb) =>
      eb.or([
        eb.and([eb('b.qty_milli', '>', 0), eb('b.expiry_date', '<=', until)]),
        eb('b.expired_milli', '>', 0),
      ]),
    );
    if (stores !== 'all') q = q.where('b.store_id', 'in', [...stores]);
    const rows = await q.orderBy('b.expiry_date').orderBy('b.id').limit(200).execute();
    return { days, batches: rows.map((r) => this.view(r, days)) };
  }

  async batch(actor: ServiceActor, batchId: string): Promise<BatchView & { movements: BatchMovementView[] }> {
    const row = await this.batchQuery(actor.tenantId).where('b.id', '=', batchId).executeTakeFirst();
    if (row === undefined) throw notFound('batch');
    await authorizeStore(this.db, actor, 'catalog.read', row.store_id);
    const window = await nearExpiryDaysOf(this.db, actor.tenantId);
    const moves = await this.db
      .selectFrom('batch_movements')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('batch_id', '=', batchId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(2000)
      .execute();
    return {
      ...this.view(row, window),
      // Same-instant movements in the order they can happen: received, sold, set aside, disposed.
      movements: [...moves].sort(byTimeThenKind).map((m) => ({
        kind: m.kind,
        quantity: fromMilli(m.qty_milli),
        expiredQuantity: fromMilli(m.expired_milli),
        refType: m.ref_type,
        refId: m.ref_id,
        lineNo: m.line_no,
        at: m.created_at,
      })),
    };
  }

  /**
   * Moves the sellable stock of every expired batch in a store to the segregated expired stock
   * (and out of the store's sellable level), one transaction with its audit entry.
   */
  async segregateExpired(actor: ServiceActor, storeId: string): Promise<BatchView[]> {
    await authorizeStore(this.db, actor, 'catalog.manage', storeId);
    const today = this.today();
    const now = this.clock.now().toISOString();
    const moved = await this.db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('stock_batches')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('store_id', '=', storeId)
        .where('expiry_date', '<', today)
        .where('qty_milli', '>', 0)
        .orderBy('variant_id')
        .orderBy('id');
      if (!isSqlite(trx)) q = q.forUpdate();
      const rows = await q.execute();
      if (rows.length === 0) return [];
      for (const b of rows)
        await trx
          .updateTable('stock_batches')
          .set((eb) => ({
            qty_milli: eb('qty_milli', '-', b.qty_milli),
            expired_milli: eb('expired_milli', '+', b.qty_milli),
            updated_at: now,
          }))
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', b.id)
          .execute();
      await appendBatchMovements(
        trx,
        actor.tenantId,
        rows.map((b) => ({
          batch: b,
          kind: 'segregate' as const,
          qtyMilli: -b.qty_milli,
          expiredMilli: b.qty_milli,
          refType: 'batch',
          refId: b.id,
        })),
        { actorId: actor.userId, now },
      );
      await applyMovements(
        trx,
        actor.tenantId,
        rows.map((b) => ({
          storeId,
          variantId: b.variant_id,
          kind: 'adjustment' as const,
          qtyMilli: -b.qty_milli,
          reason: 'expired',
          refType: 'batch',
          refId: b.id,
        })),
        { actorId: actor.userId, now, refuseNegative: false },
      );
      await this.audit.record(trx, actor.audit, {
        action: 'stock.segregate_expired',
        objectType: 'store',
        objectId: storeId,
        outcome: 'success',
        details: { batches: rows.length },
      });
      return rows.map((b) => b.id);
    });
    if (moved.length === 0) return [];
    const rows = await this.batchQuery(actor.tenantId)
      .where('b.id', 'in', moved)
      .orderBy('b.expiry_date')
      .execute();
    const window = await nearExpiryDaysOf(this.db, actor.tenantId);
    return rows.map((r) => this.view(r, window));
  }

  /** Records the disposal of a batch's segregated expired stock (the whole of it) and how it went. */
  async dispose(actor: ServiceActor, batchId: string, reason: DisposalReason): Promise<BatchView> {
    const found = await findBatch(this.db, actor.tenantId, batchId);
    if (found === undefined) throw notFound('batch');
    await authorizeStore(this.db, actor, 'catalog.manage', found.store_id);
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const batch = await findBatch(trx, actor.tenantId, batchId, true);
      if (batch === undefined || batch.expired_milli <= 0)
        throw new AppError('conflict', 'this batch has no expired stock to dispose of', 'batchId');
      await trx
        .updateTable('stock_batches')
        .set((eb) => ({ expired_milli: eb('expired_milli', '-', batch.expired_milli), updated_at: now }))
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', batch.id)
        .execute();
      await appendBatchMovements(
        trx,
        actor.tenantId,
        [
          {
            batch,
            kind: 'dispose',
            qtyMilli: 0,
            expiredMilli: -batch.expired_milli,
            refType: 'batch',
            refId: batch.id,
          },
        ],
        { actorId: actor.userId, now },
      );
      await this.audit.record(trx, actor.audit, {
        action: 'stock.dispose_expired',
        objectType: 'batch',
        objectId: batch.id,
        outcome: 'success',
        details: { storeId: batch.store_id, quantity: fromMilli(batch.expired_milli), reason },
      });
    });
    const row = await this.batchQuery(actor.tenantId).where('b.id', '=', batchId).executeTakeFirstOrThrow();
    return this.view(row, await nearExpiryDaysOf(this.db, actor.tenantId));
  }

  /** The batches each line of a bill was sold from (for printing), by line number. */
  async lineBatches(tenantId: string, documentId: string): Promise<LineBatch[]> {
    const rows = await this.db
      .selectFrom('batch_movements as m')
      .innerJoin('stock_batches as b', (j) =>
        j.onRef('b.tenant_id', '=', 'm.tenant_id').onRef('b.id', '=', 'm.batch_id'),
      )
      .select(['m.line_no', 'm.qty_milli', 'b.batch_no', 'b.expiry_date'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.ref_id', '=', documentId)
      .where('m.kind', '=', 'sale')
      .orderBy('m.line_no')
      .orderBy('b.expiry_date')
      .orderBy('b.batch_no')
      .execute();
    return rows.map((r) => ({
      lineNo: r.line_no ?? 0,
      batchNo: r.batch_no,
      expiryDate: r.expiry_date,
      quantity: fromMilli(-r.qty_milli),
    }));
  }

  /**
   * What a printed bill carries of agri inputs: each line's batch and expiry, and the dealer
   * licence of every licensed category on the bill (a registered print annotator).
   */
  readonly printNotes: PrintAnnotator = async (tenantId, doc, language) => {
    const lineNotes = new Map<number, string>();
    if (doc.type !== 'invoice') return {};
    const words = AGRI_PRINT_WORDS[language];
    const batches = await this.lineBatches(tenantId, doc.id);
    for (const lineNo of [...new Set(batches.map((b) => b.lineNo))]) {
      const of = batches.filter((b) => b.lineNo === lineNo);
      const text = of
        .map((b) => words.batch(b.batchNo, b.expiryDate, of.length > 1 ? b.quantity : null))
        .join('; ');
      lineNotes.set(lineNo, text);
    }
    const sold = await this.db
      .selectFrom('sales_document_lines as l')
      .innerJoin('sales_documents as d', (j) =>
        j.onRef('d.tenant_id', '=', 'l.tenant_id').onRef('d.id', '=', 'l.document_id'),
      )
      .select(['l.variant_id', 'd.store_id'])
      .where('l.tenant_id', '=', tenantId)
      .where('l.document_id', '=', doc.id)
      .execute();
    const storeId = sold[0]?.store_id;
    const variantIds = sold.flatMap((l) => (l.variant_id === null ? [] : [l.variant_id]));
    const kinds = new Set(
      [...(await variantRules(this.db, tenantId, variantIds)).values()].map((r) => r.licenceKind),
    );
    const supplierNotes =
      storeId === undefined
        ? []
        : (await this.licences.forStore(tenantId, storeId))
            .filter((l) => kinds.has(l.kind))
            .map((l) => words.licence(l.kind, l.number, l.validUntil));
    const subsidy = await subsidyOf(this.db, tenantId, doc.id);
    const documentNotes = subsidy === undefined ? [] : [words.subsidy(subsidy.posReference, subsidy.bags)];
    return { lineNotes, supplierNotes, documentNotes };
  };

  /** Segregates expired stock in every store of a tenant (the daily job). */
  async segregateAll(tenantId: string, actor: ServiceActor): Promise<number> {
    const stores = await this.db
      .selectFrom('stock_batches')
      .select('store_id')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .where('expiry_date', '<', this.today())
      .where('qty_milli', '>', 0)
      .orderBy('store_id')
      .execute();
    let moved = 0;
    for (const s of stores) moved += (await this.segregateExpired(actor, s.store_id)).length;
    return moved;
  }

  private batchQuery(tenantId: string) {
    return this.db
      .selectFrom('stock_batches as b')
      .innerJoin('item_variants as v', (j) =>
        j.onRef('v.tenant_id', '=', 'b.tenant_id').onRef('v.id', '=', 'b.variant_id'),
      )
      .innerJoin('items as i', (j) =>
        j.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'),
      )
      .selectAll('b')
      .select('i.name as item_name')
      .where('b.tenant_id', '=', tenantId);
  }

  private view(r: BatchRow & { item_name: string }, nearExpiryDays: number): BatchView {
    const today = this.today();
    const daysLeft = daysBetween(today, r.expiry_date);
    return {
      id: r.id,
      storeId: r.store_id,
      variantId: r.variant_id,
      itemName: r.item_name,
      batchNo: r.batch_no,
      mfgDate: r.mfg_date,
      expiryDate: r.expiry_date,
      quantity: fromMilli(r.qty_milli),
      expiredQuantity: fromMilli(r.expired_milli),
      expired: r.expiry_date < today,
      daysLeft,
      nearExpiry: daysLeft >= 0 && daysLeft <= nearExpiryDays,
    };
  }
}

const KIND_ORDER: readonly string[] = ['receipt', 'sale', 'return', 'segregate', 'dispose'];

function byTimeThenKind(
  a: { created_at: string; kind: string },
  b: { created_at: string; kind: string },
): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
}

function refuseExpired(batch: BatchRow, date: string, field: string): void {
  if (batch.expiry_date < date)
    throw new AppError(
      'validation_failed',
      `batch ${batch.batch_no} expired on ${formatIndianDate(batch.expiry_date)} and cannot be sold; move it to expired stock`,
      field,
      { reason: 'batch-expired', batchNo: batch.batch_no, expiredOn: formatIndianDate(batch.expiry_date) },
    );
}
