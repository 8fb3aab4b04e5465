/**
 * Batch recall (issue 17): for a batch, the sales it went out in (bill, date, quantity, net of
 * returns); behind the reveal gate (permission, reason, step-up, an audit entry) the farmers to
 * contact, by name and phone; and the recall notice queued by SMS, through the outbox, to the
 * farmers who agreed to SMS reminders, once each per batch (recorded with its counts, never a
 * phone number); who it reaches and why the others are left out is shown before it is sent.
 */
import type { Kysely } from 'kysely';
import { isSqlite } from '../../db/database.js';
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

/**
 * Who the recall notice reaches, in counts only (no personal data): the farmers of the batch's
 * sales who agreed to SMS reminders and were not yet sent this batch's notice, and why the others
 * are left out.
 */
export interface RecallAudience {
  /** Farmers the next notice goes to. */
  willReceive: number;
  /** Farmers already sent this batch's notice (not sent again). */
  alreadySent: number;
  /** Farmers who did not agree to SMS reminders. */
  withoutConsent: number;
  /** Farmers with no phone number on record. */
  withoutPhone: number;
  /** Farmers whose personal data was erased. */
  erased: number;
  /** Bills of the batch made out to no farmer (walk-in sales): nobody to tell. */
  walkInBills: number;
  /** When the notice was last queued for this batch, or null. */
  lastSentAt: string | null;
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
  ): Promise<{
    batch: { batchNo: string; itemName: string; expiryDate: string };
    sales: RecallSale[];
    audience: RecallAudience;
  }> {
    const head = await this.head(actor, batchId, 'invoice.read');
    const sales = await this.salesOf(actor.tenantId, batchId);
    const { audience } = await this.audience(this.deps.db, actor.tenantId, batchId, sales);
    return {
      batch: { batchNo: head.batch_no, itemName: head.item_name, expiryDate: head.expiry_date },
      audience,
      sales: sales.map((s) => ({
        documentId: s.id,
        billNumber: s.number,
        date: s.date,
        quantity: fromMilli(s.milli),
        hasFarmer: s.customerId !== null,
      })),
    };
  }

  /**
   * Sorts the batch's farmers into those the notice goes to and those it does not (with why):
   * erased, no phone, no consent to SMS reminders, already sent this batch's notice.
   */
  private async audience(
    db: Kysely<Database>,
    tenantId: string,
    batchId: string,
    sales: readonly { customerId: string | null }[],
  ): Promise<{ audience: RecallAudience; to: string[] }> {
    const farmers = [...new Set(sales.flatMap((s) => (s.customerId === null ? [] : [s.customerId])))].sort();
    const walkInBills = sales.filter((s) => s.customerId === null).length;
    const sent = await db
      .selectFrom('notification_deliveries')
      .select(['recipient_customer_id', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'batch_recall')
      .where('ref_id', '=', batchId)
      .execute();
    const lastSentAt = sent.reduce<string | null>(
      (last, r) => (last === null || r.created_at > last ? r.created_at : last),
      null,
    );
    const audience: RecallAudience = {
      willReceive: 0,
      alreadySent: 0,
      withoutConsent: 0,
      withoutPhone: 0,
      erased: 0,
      walkInBills,
      lastSentAt,
    };
    if (farmers.length === 0) return { audience, to: [] };
    const erased = new Set(
      (
        await db
          .selectFrom('subject_keys')
          .select('subject_id')
          .where('tenant_id', '=', tenantId)
          .where('subject_id', 'in', farmers)
          .where('erased_at', 'is not', null)
          .execute()
      ).map((r) => r.subject_id),
    );
    const withPhone = new Set(
      (
        await db
          .selectFrom('customers')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', farmers)
          .where('phone_enc', 'is not', null)
          .execute()
      ).map((r) => r.id),
    );
    const consent = await this.consenting(tenantId, farmers, db);
    const already = new Set(sent.map((r) => r.recipient_customer_id));
    const to: string[] = [];
    for (const c of farmers) {
      if (erased.has(c)) audience.erased += 1;
      else if (!withPhone.has(c)) audience.withoutPhone += 1;
      else if (!consent.has(c)) audience.withoutConsent += 1;
      else if (already.has(c)) audience.alreadySent += 1;
      else to.push(c);
    }
    audience.willReceive = to.length;
    return { audience, to };
  }

  private async consenting(
    tenantId: string,
    customerIds: readonly string[],
    db: Kysely<Database> = this.deps.db,
  ): Promise<Set<string>> {
    if (customerIds.length === 0) return new Set();
    const rows = await db
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
   * Queues the recall notice by SMS to every farmer of the batch's sales who agreed to SMS
   * reminders and was not yet sent it, in one transaction with its audit entry (counts only).
   * Returns who it went to and why the others were left out, in counts.
   */
  async sendNotice(actor: ServiceActor, batchId: string): Promise<RecallAudience & { queued: number }> {
    const { outbox } = this.deps;
    if (outbox === undefined) throw new AppError('conflict', 'this installation cannot send SMS');
    const head = await this.head(actor, batchId, 'catalog.manage');
    const sales = await this.salesOf(actor.tenantId, batchId);
    const shop = await this.deps.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', actor.tenantId)
      .executeTakeFirstOrThrow();
    const text =
      `${shop.name}: RECALL of ${head.item_name}, batch ${head.batch_no} (expiry ` +
      `${formatIndianDate(head.expiry_date)}). Please stop using it and bring it back to the shop.`;
    return this.deps.db.transaction().execute(async (trx) => {
      // Counted inside the transaction, so two sends at once never queue a farmer twice on
      // PostgreSQL's row locks / SQLite's single writer.
      await trx
        .selectFrom('stock_batches')
        .select('id')
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', batchId)
        .$if(!isSqlite(trx), (q) => q.forUpdate())
        .execute();
      const { audience, to } = await this.audience(trx, actor.tenantId, batchId, sales);
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
        details: {
          sales: sales.length,
          queued: to.length,
          alreadySent: audience.alreadySent,
          withoutConsent: audience.withoutConsent,
          withoutPhone: audience.withoutPhone,
          erased: audience.erased,
          walkInBills: audience.walkInBills,
        },
      });
      const last = await trx
        .selectFrom('notification_deliveries')
        .select((eb) => eb.fn.max('created_at').as('at'))
        .where('tenant_id', '=', actor.tenantId)
        .where('kind', '=', 'batch_recall')
        .where('ref_id', '=', batchId)
        .executeTakeFirst();
      return { ...audience, queued: to.length, lastSentAt: last?.at ?? null };
    });
  }
}
