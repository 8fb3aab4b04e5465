/**
 * Issued invoices after the sale: listing, and cancellation, a recorded action (permission
 * `invoice.void` in the invoice's store, a reason) that never edits the invoice: a cancellation
 * row is added, returned goods go back to stock and a credit sale comes off the customer's
 * account, all in one transaction with the audit entry. Corrections and returns after that are
 * credit notes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Engine } from '../../db/database.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { applyMovements } from '../catalog/stock.repository.js';
import { applyToBalance } from '../customers/customer.repository.js';
import { authorizeStore } from '../auth/access.policy.js';
import { visibleStores, type ServiceActor } from '../../kernel/actor.js';
import { sealCancelNote, type DocumentCipher } from './document-crypto.js';
import type { DocumentReader } from './document-reader.js';
import { cancelledAmong, documentLines, documentPayments, lockDocument } from './document-read.repository.js';

export const cancelReasons = [
  'wrong_details',
  'duplicate',
  'customer_cancelled',
  'data_entry_error',
  'other',
] as const;
export type CancelReason = (typeof cancelReasons)[number];

export interface InvoiceSummary {
  id: string;
  type: string;
  number: string;
  date: string;
  kind: string;
  storeId: string;
  customerId: string | null;
  totalPaise: number;
  status: 'issued' | 'cancelled';
}

export interface ListFilter {
  docType: 'invoice' | 'credit-note' | 'debit-note';
  storeId?: string;
  customerId?: string;
  from?: string;
  to?: string;
  /** The document with this number (as printed). */
  number?: string;
  /** The last id of the previous page. */
  before?: string;
  limit: number;
}

/**
 * The last day an invoice may be cancelled: the 11th of the following month, when GSTR-1 for
 * its month is due; later it is reported, so only a credit note may correct it.
 */
export function cancelDeadline(invoiceDate: string): string {
  const year = Number(invoiceDate.slice(0, 4));
  const month = Number(invoiceDate.slice(5, 7));
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
  return `${next.y}-${String(next.m).padStart(2, '0')}-11`;
}

export class InvoiceService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      engine: Engine;
      clock: Clock;
      audit: AuditRecorder;
      cipher: DocumentCipher;
      reader: DocumentReader;
    },
  ) {}

  async list(actor: ServiceActor, filter: ListFilter): Promise<InvoiceSummary[]> {
    const { db } = this.deps;
    let query = db
      .selectFrom('sales_documents')
      .select([
        'id',
        'doc_type',
        'number',
        'doc_date',
        'kind',
        'store_id',
        'customer_id',
        'total',
        'issued_at',
      ])
      .where('tenant_id', '=', actor.tenantId)
      .where('doc_type', '=', filter.docType);
    const stores = visibleStores(actor);
    if (stores !== 'all') query = query.where('store_id', 'in', stores.length === 0 ? [''] : [...stores]);
    if (filter.storeId !== undefined) query = query.where('store_id', '=', filter.storeId);
    if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
    if (filter.from !== undefined) query = query.where('doc_date', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('doc_date', '<=', filter.to);
    if (filter.number !== undefined) query = query.where('number', '=', filter.number);
    if (filter.before !== undefined) {
      const cursor = await db
        .selectFrom('sales_documents')
        .select(['issued_at', 'id'])
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', filter.before)
        .executeTakeFirst();
      if (cursor !== undefined)
        query = query.where((eb) =>
          eb.or([
            eb('issued_at', '<', cursor.issued_at),
            eb.and([eb('issued_at', '=', cursor.issued_at), eb('id', '<', cursor.id)]),
          ]),
        );
    }
    const rows = await query.orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    const cancelled = await cancelledAmong(
      db,
      actor.tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.doc_type,
      number: r.number,
      date: r.doc_date,
      kind: r.kind,
      storeId: r.store_id,
      customerId: r.customer_id,
      totalPaise: r.total,
      status: cancelled.has(r.id) ? 'cancelled' : 'issued',
    }));
  }

  /** Cancels an invoice (see the module comment); returns the invoice as it now reads. */
  async cancel(actor: ServiceActor, invoiceId: string, input: { reason: CancelReason; note?: string }) {
    const { db, cipher } = this.deps;
    const invoice = await this.deps.reader.row(actor, invoiceId, 'invoice');
    await authorizeStore(db, actor, 'invoice.void', invoice.store_id);
    const note = input.note?.trim() ?? '';
    if (input.reason === 'other' && note.length < 5)
      throw invalid('note', 'describe why the invoice is cancelled');
    const today = istDateOf(this.deps.clock.now());
    if (today > cancelDeadline(invoice.doc_date))
      throw new AppError(
        'conflict',
        "this invoice's month is reported in GSTR-1: issue a credit note instead",
        'invoiceId',
      );
    if (invoice.exchange_id !== null)
      throw new AppError(
        'conflict',
        'an exchange invoice is corrected with a credit note, not cancelled',
        'invoiceId',
      );
    const noteEnc = await sealCancelNote(cipher, actor.tenantId, invoiceId, note);
    const now = this.deps.clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await lockDocument(trx, this.deps.engine, actor.tenantId, invoiceId);
      if ((await cancelledAmong(trx, actor.tenantId, [invoiceId])).size > 0)
        throw new AppError('conflict', 'this invoice is already cancelled', 'invoiceId');
      const notes = await trx
        .selectFrom('sales_documents')
        .select('id')
        .where('tenant_id', '=', actor.tenantId)
        .where('original_id', '=', invoiceId)
        .executeTakeFirst();
      if (notes !== undefined)
        throw new AppError(
          'conflict',
          'this invoice has credit notes: correct it with another credit note',
          'invoiceId',
        );
      await trx
        .insertInto('sales_cancellations')
        .values({
          tenant_id: actor.tenantId,
          document_id: invoiceId,
          reason: input.reason,
          note_enc: noteEnc,
          cancelled_by: actor.userId,
          cancelled_at: now,
        })
        .execute();
      const lines = await documentLines(trx, actor.tenantId, [invoiceId]);
      await applyMovements(
        trx,
        actor.tenantId,
        lines.flatMap((l) =>
          l.variant_id === null || l.is_service === 1
            ? []
            : [
                {
                  storeId: invoice.store_id,
                  variantId: l.variant_id,
                  kind: 'cancel' as const,
                  qtyMilli: l.qty_milli,
                  refType: 'invoice',
                  refId: invoiceId,
                },
              ],
        ),
        { actorId: actor.userId, now, refuseNegative: false },
      );
      const credit = (await documentPayments(trx, actor.tenantId, invoiceId))
        .filter((p) => p.method === 'credit')
        .reduce((s, p) => s + p.amount, 0);
      if (credit > 0 && invoice.customer_id !== null)
        await applyToBalance(
          trx,
          actor.tenantId,
          {
            customerId: invoice.customer_id,
            kind: 'cancel',
            amount: -credit,
            method: 'credit',
            refType: 'invoice',
            refId: invoiceId,
            actorId: actor.userId,
            now,
          },
          { enforceLimit: false },
        );
      await this.deps.audit.record(trx, actor.audit, {
        action: 'invoice.void',
        objectType: 'invoice',
        objectId: invoiceId,
        outcome: 'success',
        details: {
          number: invoice.number,
          reason: input.reason,
          noteLength: note.length,
          totalPaise: invoice.total,
        },
      });
    });
    return this.deps.reader.view(actor, invoiceId, 'invoice');
  }
}
