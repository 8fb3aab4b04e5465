/**
 * Numbers and sync for the offline counter (issue 21, ADR 0066). A counter reserves blocks of
 * numbers in its own invoice series while online; a sale made offline takes the next number of
 * its block and, when the server answers again, arrives here with its idempotency key, the time
 * it was made and what the customer paid. It is billed once (checkout's idempotency keys and the
 * series' unique numbers), as it was made: the date and time it was made, the prices the counter
 * had, no offers. Stock and prices are checked again on arrival; what no longer holds is raised as
 * an alert for a manager, never changed. The audit trail has the time made and the time arrived.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { financialYear, financialYearOf, formatDocumentNumber } from '../../domain/numbering/index.js';
import { requireStoreVisible, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { authorizeStore } from '../auth/access.policy.js';
import { saleView, type CheckoutService } from '../billing/checkout.service.js';
import type { CheckoutInput, DocumentView } from '../billing/checkout.schemas.js';
import { isUniqueViolation } from '../billing/db-errors.js';
import type { DocumentIssuer } from '../billing/document-issuer.js';
import type { DocumentReader } from '../billing/document-reader.js';
import { requestHash } from '../billing/idempotency.repository.js';
import type { TakenNumber } from '../billing/series.repository.js';
import type { Detection } from '../monitoring/alert.service.js';
import { sessionOf } from './counter-keys.service.js';
import {
  advanceSeries,
  ensureSeriesCode,
  findBlock,
  findKey,
  returnUnused,
  seriesFormat,
  type BlockRow,
} from './offline.repository.js';
import type { OfflineSaleInput } from './offline.schemas.js';

/** Numbers in a block: a day's offline selling at a busy counter. */
export const BLOCK_SIZE = 50;
/** How far a counter's clock may run ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface BlockView {
  blockId: string;
  keyId: string;
  fy: number;
  firstSeq: number;
  lastSeq: number;
  /** How the series prints a number: the counter formats offline exactly as the server will. */
  format: { prefix: string; includeYear: boolean; minDigits: number };
  firstNumber: string;
  lastNumber: string;
}

export type ConflictReason = 'stock-below-zero' | 'price-differs' | 'total-differs';

export interface OfflineConflict {
  reason: ConflictReason;
  /** The sale's line (1-based), when the conflict is about a line. */
  line: number | null;
}

export interface SyncResult {
  document: DocumentView;
  conflicts: OfflineConflict[];
}

export interface OfflineSyncDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  checkout: CheckoutService;
  issuer: DocumentIssuer;
  reader: DocumentReader;
  raiseAlert: (detection: Detection) => Promise<unknown>;
}

const OPERATION = 'offline-sale';

export class OfflineSyncService {
  constructor(private readonly deps: OfflineSyncDeps) {}

  /** A new block of numbers for this session's counter key, in the series of today's financial year. */
  async reserve(actor: ServiceActor, keyId: string): Promise<BlockView> {
    const { db, clock, audit } = this.deps;
    const sessionId = sessionOf(actor);
    const key = await findKey(db, actor.tenantId, keyId);
    if (key?.session_id !== sessionId) throw notFound('counter key');
    if (key.state !== 'active')
      throw new AppError(
        'conflict',
        'this counter key is no longer in use: open the counter again',
        'keyId',
        {
          reason: key.state === 'wiped' ? 'counter-wiped' : 'key-closed',
        },
      );
    await authorizeStore(db, actor, 'invoice.create', key.store_id);
    const now = clock.now();
    const fy = financialYearOf(istDateOf(now));
    return db.transaction().execute(async (trx) => {
      const code = await ensureSeriesCode(
        trx,
        actor.tenantId,
        { id: key.counter_id, store_id: key.store_id },
        now.toISOString(),
      );
      const series = await advanceSeries(trx, {
        tenantId: actor.tenantId,
        storeId: key.store_id,
        counterId: key.counter_id,
        fy: fy.startYear,
        size: BLOCK_SIZE,
        code,
        now: now.toISOString(),
      });
      const block: BlockRow = {
        tenant_id: actor.tenantId,
        id: newId(),
        counter_id: key.counter_id,
        store_id: key.store_id,
        key_id: key.id,
        series_key: `${key.store_id}/counter:${key.counter_id}/${String(fy.startYear)}`,
        fy: fy.startYear,
        first_seq: series.lastSeq - BLOCK_SIZE + 1,
        last_seq: series.lastSeq,
        used_to: null,
        state: 'open',
        created_at: now.toISOString(),
        closed_at: null,
      };
      await trx.insertInto('counter_number_blocks').values(block).execute();
      const view = blockView(block, series);
      await audit.record(trx, actor.audit, {
        action: 'counter.block.reserve',
        objectType: 'counter',
        objectId: key.counter_id,
        outcome: 'success',
        details: { blockId: block.id, first: view.firstNumber, last: view.lastNumber },
      });
      return view;
    });
  }

  /**
   * The counter is done with a block (signing out with nothing waiting): numbers after `usedTo`
   * go back to the series when no later block was reserved, so the series stays without gaps.
   */
  async release(actor: ServiceActor, blockId: string, usedTo: number): Promise<{ returned: number }> {
    const { db, clock, audit } = this.deps;
    const sessionId = sessionOf(actor);
    const block = await findBlock(db, actor.tenantId, blockId);
    const key = block === undefined ? undefined : await findKey(db, actor.tenantId, block.key_id);
    if (block === undefined || key?.session_id !== sessionId) throw notFound('number block');
    if (block.state !== 'open') return { returned: 0 };
    if (usedTo < Number(block.first_seq) - 1 || usedTo > Number(block.last_seq))
      throw invalid('usedTo', 'must be a number of this block, or the one before its first');
    return db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('offline_sales')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('tenant_id', '=', actor.tenantId)
        .where('block_id', '=', blockId)
        .executeTakeFirst();
      if (last?.seq !== null && last?.seq !== undefined && Number(last.seq) > usedTo)
        throw invalid('usedTo', 'sales of this block arrived with later numbers');
      const closed = await trx
        .updateTable('counter_number_blocks')
        .set({ state: 'released', used_to: usedTo, closed_at: clock.now().toISOString() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', blockId)
        .where('state', '=', 'open')
        .executeTakeFirst();
      if (Number(closed.numUpdatedRows) === 0) return { returned: 0 };
      const back = await returnUnused(trx, actor.tenantId, block, usedTo);
      const returned = back ? Number(block.last_seq) - usedTo : 0;
      await audit.record(trx, actor.audit, {
        action: 'counter.block.release',
        objectType: 'counter',
        objectId: block.counter_id,
        outcome: 'success',
        details: { blockId, usedTo, returned },
      });
      return { returned };
    });
  }

  /**
   * An offline sale arriving: billed once per idempotency key with the number its counter took;
   * a repeat (the answer was lost) gets the first one back. A wiped counter's sale is refused.
   */
  async sync(actor: ServiceActor, idempotencyKey: string, input: OfflineSaleInput): Promise<SyncResult> {
    const { db, clock, checkout, issuer, reader } = this.deps;
    const hash = requestHash(OPERATION, input);
    const first = await issuer.replay(actor, idempotencyKey, OPERATION, hash);
    if (first !== undefined)
      return { document: await reader.view(actor, first.documentId, 'invoice', true), conflicts: [] };
    const block = await findBlock(db, actor.tenantId, input.blockId);
    if (block === undefined) throw notFound('number block');
    requireStoreVisible(actor, block.store_id, 'number block');
    const arrivedAt = clock.now();
    if (block.state === 'wiped') {
      await this.refuseWiped(actor, block, input, arrivedAt);
      throw new AppError(
        'conflict',
        'this counter was wiped by a manager: its waiting sales cannot be sent',
        'blockId',
        {
          reason: 'counter-wiped',
        },
      );
    }
    const seq = input.seq;
    if (seq < Number(block.first_seq) || seq > Number(block.last_seq))
      throw invalid('seq', "is not one of this block's numbers");
    if (block.state === 'released' && seq > Number(block.used_to ?? 0))
      throw new AppError('conflict', 'this number was given back to the series', 'seq', {
        reason: 'number-released',
      });
    const sale: CheckoutInput = { ...input.sale, counterId: block.counter_id };
    if (sale.storeId !== block.store_id) throw invalid('sale.storeId', "is not the block's store");
    const madeAt = new Date(input.madeAt);
    if (madeAt.getTime() > arrivedAt.getTime() + CLOCK_SKEW_MS)
      throw invalid('madeAt', 'is in the future: check the counter’s clock');
    if (madeAt.getTime() < new Date(block.created_at).getTime() - CLOCK_SKEW_MS)
      throw invalid('madeAt', 'is before the block of numbers was reserved');
    const date = istDateOf(madeAt);
    if (financialYearOf(date).startYear !== block.fy)
      throw invalid('madeAt', "falls outside the financial year of the block's numbers");
    const base = await checkout.saleContext(actor, sale);
    // Goods that left the shop are recorded as sold; a level below zero is raised, not refused.
    const context = {
      ...base,
      now: madeAt,
      date,
      settings: { ...base.settings, negativeStock: 'allow' as const },
    };
    const format = await seriesFormat(db, actor.tenantId, block);
    const taken: TakenNumber = {
      seq,
      number: formatDocumentNumber(format, financialYear(block.fy), seq),
      seriesKey: block.series_key,
    };
    const prepared = await checkout.prepareSale(actor, sale, context, { offline: { number: taken } });
    const conflicts: OfflineConflict[] = context.rows.flatMap((row, i) => {
      const sold = sale.lines[i]?.unitPricePaise;
      return sold !== undefined && sold !== row.price
        ? [{ reason: 'price-differs' as const, line: i + 1 }]
        : [];
    });
    if (prepared.priced.totals.totalPaise !== input.expectedTotalPaise)
      conflicts.push({ reason: 'total-differs', line: null });
    let outcome;
    try {
      outcome = await issuer.issue(
        actor,
        { key: idempotencyKey, operation: OPERATION, hash, documentId: prepared.draft.id },
        async (trx) => {
          await checkout.writeSale(trx, actor, prepared, context);
          await trx
            .insertInto('offline_sales')
            .values({
              tenant_id: actor.tenantId,
              block_id: block.id,
              seq,
              counter_id: block.counter_id,
              document_id: prepared.draft.id,
              made_at: madeAt.toISOString(),
              arrived_at: arrivedAt.toISOString(),
            })
            .execute();
          conflicts.push(...(await belowZero(trx, actor.tenantId, sale.storeId, prepared.movements)));
          await this.deps.audit.record(trx, actor.audit, {
            action: 'offline_sale.sync',
            objectType: 'invoice',
            objectId: prepared.draft.id,
            outcome: 'success',
            details: {
              number: taken.number,
              counterId: block.counter_id,
              blockId: block.id,
              madeAt: madeAt.toISOString(),
              arrivedAt: arrivedAt.toISOString(),
              conflicts: conflicts.map((c) => c.reason).join(','),
            },
          });
        },
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('conflict', 'this number was already used by another sale', 'seq', {
          reason: 'number-used',
        });
      throw error;
    }
    if (outcome.replayed)
      return { document: await reader.view(actor, outcome.documentId, 'invoice', true), conflicts: [] };
    if (conflicts.length > 0)
      await this.deps.raiseAlert({
        tenantId: actor.tenantId,
        detector: 'offline_sale_conflict',
        severity: 'medium',
        subjectType: 'invoice',
        subjectId: prepared.draft.id,
        details: {
          number: taken.number,
          reasons: [...new Set(conflicts.map((c) => c.reason))].join(','),
          lines: conflicts.filter((c) => c.line !== null).length,
        },
        at: arrivedAt.toISOString(),
      });
    return { document: saleView(prepared, taken), conflicts };
  }

  /** A wiped counter tried to send a sale: on the trail, and an alert naming the lost number. */
  private async refuseWiped(
    actor: ServiceActor,
    block: BlockRow,
    input: OfflineSaleInput,
    at: Date,
  ): Promise<void> {
    const format = await seriesFormat(this.deps.db, actor.tenantId, block);
    const inBlock = input.seq >= Number(block.first_seq) && input.seq <= Number(block.last_seq);
    const number = inBlock ? formatDocumentNumber(format, financialYear(block.fy), input.seq) : null;
    await this.deps.db.transaction().execute((trx) =>
      this.deps.audit.record(trx, actor.audit, {
        action: 'offline_sale.refuse',
        objectType: 'counter',
        objectId: block.counter_id,
        outcome: 'failure',
        details: { reason: 'counter-wiped', blockId: block.id, number, madeAt: input.madeAt },
      }),
    );
    await this.deps.raiseAlert({
      tenantId: actor.tenantId,
      detector: 'counter_wiped',
      severity: 'high',
      subjectType: 'counter',
      subjectId: block.counter_id,
      details: { lastRefusedNumber: number ?? '' },
      at: at.toISOString(),
    });
  }
}

function blockView(block: BlockRow, format: BlockView['format']): BlockView {
  const fy = financialYear(block.fy);
  const f = { prefix: format.prefix, includeYear: format.includeYear, minDigits: format.minDigits };
  return {
    blockId: block.id,
    keyId: block.key_id,
    fy: block.fy,
    firstSeq: Number(block.first_seq),
    lastSeq: Number(block.last_seq),
    format: f,
    firstNumber: formatDocumentNumber(f, fy, Number(block.first_seq)),
    lastNumber: formatDocumentNumber(f, fy, Number(block.last_seq)),
  };
}

/** The sale's goods whose level is now below zero in the store. */
async function belowZero(
  trx: Kysely<Database>,
  tenantId: string,
  storeId: string,
  movements: readonly { variantId: string; field?: string | undefined }[],
): Promise<OfflineConflict[]> {
  if (movements.length === 0) return [];
  const levels = await trx
    .selectFrom('stock_levels')
    .select(['variant_id', 'qty_milli'])
    .where('tenant_id', '=', tenantId)
    .where('store_id', '=', storeId)
    .where(
      'variant_id',
      'in',
      movements.map((m) => m.variantId),
    )
    .execute();
  const negative = new Set(levels.filter((l) => Number(l.qty_milli) < 0).map((l) => l.variant_id));
  return movements.flatMap((m) =>
    negative.has(m.variantId)
      ? [
          {
            reason: 'stock-below-zero' as const,
            line: Number(/lines\.(\d+)/.exec(m.field ?? '')?.[1] ?? '0') + 1,
          },
        ]
      : [],
  );
}
