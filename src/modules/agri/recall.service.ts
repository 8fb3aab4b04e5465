/**
 * Batch recall (issue 17): for a batch, the sales it went out in (bill, date, quantity, net of
 * returns); behind the reveal gate (permission, reason, step-up, an audit entry) the farmers to
 * contact, by name and phone; and the recall notice queued by SMS, through the outbox, to the
 * farmers who consented to SMS (recorded with its counts, never a phone number).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import { formatIndianDate } from '../../domain/gst/index.js';
import type { AccessContext } from '../../kernel/access-context.js';
import { type ServiceActor } from '../../kernel/actor.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import { fromMilli } from '../../kernel/schema-atoms.js';
import { authorizeStore } from '../auth/access.policy.js';
import type { RevealReasonCategory } from '../auth/step-up.policy.js';
import type { NotificationOutbox } from '../notify/outbox.js';
import { reminderPurposeOf } from '../privacy/consent.service.js';

export interface RecallSale {
  documentId: string;
  billNumber: string;
  date: string;
  quantity: number;
  /** The bill names a customer (the farmer to contact). */
  hasFarmer: boolean;
}

export interface RecallFarmer {
  customerId: string;
  name: string | null;
  phone: string | null;
  bills: string[];
  quantity: number;
  /** The farmer consented to SMS (a notice can be sent). */
  smsConsent: boolean;
}

/** The gate of `modules/auth` (passed in: this module does not build it). */
export interface RecallRevealGate {
  authorize(
    trx: Kysely<Database>,
    auth: AccessContext,
    ctx: AuditContext,
    request: {
      objectType: string;
      objectId: string;
      field: string;
      reason: { category: RevealReasonCategory; text: string };
    },
  ): Promise<void>;
}

export interface RecallDeps {
  db: Kysely<Database>;
  audit: AuditRecorder;
  reveal?: RecallRevealGate;
  contactOf?: (
    tenantId: string,
    customerId: string,
  ) => Promise<{ name: string | null; phone: string | null }>;
  outbox?: NotificationOutbox;
}

interface BatchHead {
  id: string;
  store_id: string;
  batch_no: string;
  expiry_date: string;
  item_name: string;
}

export class RecallService {
  constructor(private readonly deps: RecallDeps) {}

  private async head(actor: ServiceActor, batchId: string, permission: string): Promise<BatchHead> {
    const batch = await this.deps.db
      .selectFrom('stock_batches as b')
      .innerJoin('item_variants as v', (j) =>
        j.onRef('v.tenant_id', '=', 'b.tenant_id').onRef('v.id', '=', 'b.variant_id'),
      )
      .innerJoin('items as i', (j) =>
        j.onRef('i.tenant_id', '=', 'v.tenant_id').onRef('i.id', '=', 'v.item_id'),
      )
      .select(['b.id', 'b.store_id', 'b.batch_no', 'b.expiry_date', 'i.name as item_name'])
      .where('b.tenant_id', '=', actor.tenantId)
      .where('b.id', '=', batchId)
      .executeTakeFirst();
    if (batch === undefined) throw notFound('batch');
    await authorizeStore(this.deps.db, actor, permission, batch.store_id);
    return batch;
  }

  /** Every sale of the batch (net of what came back to it), oldest first, with the customer id. */
  private async salesOf(tenantId: string, batchId: string) {
    const rows = await this.deps.db
      .selectFrom('batch_movements as m')
      .innerJoin('sales_documents as d', (j) =>
        j.onRef('d.tenant_id', '=', 'm.tenant_id').onRef('d.id', '=', 'm.ref_id'),
      )
      .select(['d.id', 'd.number', 'd.doc_date', 'd.customer_id', 'd.issued_at', 'm.qty_milli', 'm.kind'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.batch_id', '=', batchId)
      .where('m.kind', '=', 'sale')
      .where('d.doc_type', '=', 'invoice')
      .orderBy('d.issued_at')
      .orderBy('d.fy')
      .orderBy('d.seq')
      .execute();
    const returned = await this.deps.db
      .selectFrom('batch_movements')
      .select(['ref_id', 'qty_milli'])
      .where('tenant_id', '=', tenantId)
      .where('batch_id', '=', batchId)
      .where('kind', '=', 'return')
      .execute();
    // A return's movement names its credit note; it points back to the invoice it returns.
    const notes = returned.flatMap((r) => (r.ref_id === null ? [] : [r.ref_id]));
    const originals =
      notes.length === 0
        ? []
        : await this.deps.db
            .selectFrom('sales_documents')
            .select(['id', 'original_id'])
            .where('tenant_id', '=', tenantId)
            .where('id', 'in', notes)
            .execute();
    const invoiceOf = new Map(originals.map((o) => [o.id, o.original_id]));
    const back = new Map<string, number>();
    for (const r of returned) {
      const invoice = invoiceOf.get(r.ref_id ?? '');
      if (invoice !== null && invoice !== undefined)
        back.set(invoice, (back.get(invoice) ?? 0) + r.qty_milli);
    }
    const byBill = new Map<
      string,
      { id: string; number: string; date: string; customerId: string | null; milli: number }
    >();
    for (const r of rows) {
      const bill = byBill.get(r.id) ?? {
        id: r.id,
        number: r.number,
        date: r.doc_date,
        customerId: r.customer_id,
        milli: -(back.get(r.id) ?? 0),
      };
      bill.milli += -r.qty_milli;
      byBill.set(r.id, bill);
    }
    return [...byBill.values()].filter((b) => b.milli > 0);
  }

  /** The sales of a batch: bill, date, quantity (no personal data). */
  async sales(
    actor: ServiceActor,
    batchId: string,
  ): Promise<{ batch: { batchNo: string; itemName: string; expiryDate: string }; sales: RecallSale[] }> {
    const head = await this.head(actor, batchId, 'invoice.read');
    const sales = await this.salesOf(actor.tenantId, batchId);
    return {
      batch: { batchNo: head.batch_no, itemName: head.item_name, expiryDate: head.expiry_date },
      sales: sales.map((s) => ({
        documentId: s.id,
        billNumber: s.number,
        date: s.date,
        quantity: fromMilli(s.milli),
        hasFarmer: s.customerId !== null,
      })),
    };
  }

  private async consenting(tenantId: string, customerIds: readonly string[]): Promise<Set<string>> {
    if (customerIds.length === 0) return new Set();
    const rows = await this.deps.db
      .selectFrom('consent_current')
      .select('customer_id')
      .where('tenant_id', '=', tenantId)
      .where('customer_id', 'in', [...customerIds])
      .where('purpose', '=', reminderPurposeOf.sms)
      .where('granted', '=', 1)
      .execute();
    return new Set(rows.map((r) => r.customer_id));
  }

  /**
   * The farmers to contact, by name and phone, behind the reveal gate: the permission to reveal
   * customers' personal data, a reason and a recent step-up; the reveal is recorded.
   */
  async farmers(
    actor: ServiceActor,
    batchId: string,
    reason: { category: RevealReasonCategory; text: string },
  ): Promise<RecallFarmer[]> {
    const { reveal, contactOf } = this.deps;
    if (reveal === undefined || contactOf === undefined || actor.auth === undefined)
      throw new AppError('forbidden', 'revealing needs a signed-in user');
    const auth = actor.auth;
    await this.head(actor, batchId, 'invoice.read');
    const sales = await this.salesOf(actor.tenantId, batchId);
    await this.deps.db.transaction().execute((trx) =>
      reveal.authorize(trx, auth, actor.audit, {
        objectType: 'recall',
        objectId: batchId,
        field: 'name,phone',
        reason,
      }),
    );
    const byFarmer = new Map<string, { bills: string[]; milli: number }>();
    for (const s of sales) {
      if (s.customerId === null) continue;
      const f = byFarmer.get(s.customerId) ?? { bills: [], milli: 0 };
      f.bills.push(s.number);
      f.milli += s.milli;
      byFarmer.set(s.customerId, f);
    }
    const consent = await this.consenting(actor.tenantId, [...byFarmer.keys()]);
    const out: RecallFarmer[] = [];
    for (const [customerId, f] of byFarmer) {
      const contact = await contactOf(actor.tenantId, customerId);
      out.push({
        customerId,
        name: contact.name,
        phone: contact.phone,
        bills: f.bills,
        quantity: fromMilli(f.milli),
        smsConsent: consent.has(customerId),
      });
    }
    return out;
  }

  /**
   * Queues the recall notice by SMS to every farmer of the batch's sales who consented to SMS, in
   * one transaction with its audit entry (counts only). Returns how many were queued and skipped.
   */
  async sendNotice(
    actor: ServiceActor,
    batchId: string,
  ): Promise<{ queued: number; withoutConsent: number }> {
    const { outbox } = this.deps;
    if (outbox === undefined) throw new AppError('conflict', 'this installation cannot send SMS');
    const head = await this.head(actor, batchId, 'catalog.manage');
    const sales = await this.salesOf(actor.tenantId, batchId);
    const farmers = [...new Set(sales.flatMap((s) => (s.customerId === null ? [] : [s.customerId])))];
    const consent = await this.consenting(actor.tenantId, farmers);
    const shop = await this.deps.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', actor.tenantId)
      .executeTakeFirstOrThrow();
    const text =
      `${shop.name}: RECALL of ${head.item_name}, batch ${head.batch_no} (expiry ` +
      `${formatIndianDate(head.expiry_date)}). Please stop using it and bring it back to the shop.`;
    const to = farmers.filter((c) => consent.has(c)).sort();
    await this.deps.db.transaction().execute(async (trx) => {
      for (const customerId of to)
        await outbox.enqueueForCustomer(trx, actor.tenantId, {
          kind: 'batch_recall',
          refId: batchId,
          customerId,
          channel: 'sms',
          email: { subject: 'Recall notice', text },
          sms: { text },
        });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'recall.notice.send',
        objectType: 'batch',
        objectId: batchId,
        outcome: 'success',
        details: { sales: sales.length, queued: to.length, withoutConsent: farmers.length - to.length },
      });
    });
    return { queued: to.length, withoutConsent: farmers.length - to.length };
  }
}
