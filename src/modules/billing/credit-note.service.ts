/**
 * Credit notes (CGST Rule 53): returns and value corrections of an issued invoice, in their own
 * series, referencing the invoice, restocking returned goods, refunding in cash, UPI, card or to
 * the customer's account (store credit). The invoice is locked while a note is priced against
 * what earlier notes already took, so two notes can never return the same piece twice.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Engine } from '../../db/database.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf, sumTotals, type DocumentTotals, type IssuedDocument } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { formatRupees } from '../../domain/money/index.js';
import { financialYearOf } from '../../domain/numbering/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { applyMovements } from '../catalog/stock.repository.js';
import { applyToBalance } from '../customers/customer.repository.js';
import { authorizeStore } from '../auth/access.policy.js';
import { actorCan, type ServiceActor } from '../../kernel/actor.js';
import { loadSettings, loadStoreProfile, supplierParty } from './billing-settings.repository.js';
import type { BillingSettings, StoreProfile } from './billing-settings.schemas.js';
import type { PaymentInput } from './checkout.schemas.js';
import { applyWithdrawals, withdrawnBenefits, type WithdrawnBenefit } from '../offers/offer-returns.js';
import {
  addCredited,
  priceNoteLines,
  type Credited,
  type NoteLine,
  type NoteLineRequest,
} from './credit-note.pricing.js';
import { sealBuyer, sealPaymentReference, type DocumentCipher, type SealedBuyer } from './document-crypto.js';
import { loadIssuedDocument } from './document-loader.js';
import type { DocumentIssuer } from './document-issuer.js';
import type { DocumentReader } from './document-reader.js';
import type { DiscountApprovalService, UsableApproval } from './discount-approval.service.js';
import type { DocumentView } from './checkout.schemas.js';
import { requestHash } from './idempotency.repository.js';
import { writeDocument, type DocumentRow, type PaymentDraft } from './document.repository.js';
import { cancelledAmong, creditedLines, lockDocument } from './document-read.repository.js';
import { requireSupplierAddress } from './supplier-address.policy.js';
import { adjustmentRegime } from './debit-note.pricing.js';

export interface CreditNoteDeps {
  db: Kysely<Database>;
  engine: Engine;
  clock: Clock;
  audit: AuditRecorder;
  cipher: DocumentCipher;
  reader: DocumentReader;
  issuer: DocumentIssuer;
  /** Managers' approvals of refunds beyond the cashier's allowance. */
  approvals: DiscountApprovalService;
}

/** A credit note request (`POST /credit-notes`). */
export interface CreditNoteInput {
  invoiceId: string;
  reason: string;
  lines: NoteLineRequest[];
  refunds: PaymentInput[];
  /** A manager's approval of a refund beyond the cashier's allowance. */
  approvalId?: string;
}

/** Everything about a note decided before its transaction. */
export interface NotePlan {
  id: string;
  original: DocumentRow;
  originalDoc: IssuedDocument;
  profile: StoreProfile;
  settings: BillingSettings;
  buyer: SealedBuyer;
  now: Date;
  date: string;
  reason: string;
  exchangeId: string | null;
}

/** A refund row, encrypted, before its amount is checked against the note's total. */
export type PlannedRefund = PaymentDraft;

/** Last day a credit note may be issued for an invoice: 30 November after its financial year (CGST s.34). */
export function creditNoteDeadline(invoiceDate: string): string {
  return `${financialYearOf(invoiceDate).startYear + 1}-11-30`;
}

/** What a credit note restocked, for another capability's writer (agri: back to the batch sold). */
export interface WrittenNote {
  id: string;
  invoiceId: string;
  storeId: string;
  now: string;
  lines: { origLineNo: number; quantity: number; restocked: boolean }[];
}

/** Writes another capability's rows for every credit note, in its transaction. */
export type NoteWriter = (trx: Kysely<Database>, actor: ServiceActor, note: WrittenNote) => Promise<void>;

export class CreditNoteService {
  readonly #writers: NoteWriter[] = [];

  constructor(private readonly deps: CreditNoteDeps) {}

  /** Registers a writer that runs in every credit note's transaction. */
  onNoteWritten(writer: NoteWriter): void {
    this.#writers.push(writer);
  }

  /** Issues a credit note once per idempotency key. */
  async issue(actor: ServiceActor, input: CreditNoteInput, idempotencyKey: string): Promise<DocumentView> {
    const hash = requestHash('credit-note', input);
    const seen = await this.deps.issuer.replay(actor, idempotencyKey, 'credit-note', hash);
    if (seen !== undefined) return this.deps.reader.view(actor, seen.documentId, 'credit-note', true);
    const plan = await this.plan(actor, input.invoiceId, input.reason, null);
    const refunds = await this.planRefunds(actor, input.refunds, plan.original.customer_id !== null);
    const approval = await this.authorizeRefund(actor, plan, input);
    const outcome = await this.deps.issuer.issue(
      actor,
      { key: idempotencyKey, operation: 'credit-note', hash, documentId: plan.id },
      async (trx) => {
        await this.write(trx, actor, plan, input.lines, () => refunds);
        if (approval !== null) await this.recordRefundOverride(trx, actor, plan.id, approval);
      },
    );
    return this.deps.reader.view(actor, outcome.documentId, 'credit-note', outcome.replayed);
  }

  /** Prices the note's lines against what earlier notes of the invoice already took. */
  async price(
    db: Kysely<Database>,
    actor: ServiceActor,
    plan: NotePlan,
    requests: readonly NoteLineRequest[],
  ): Promise<{ lines: NoteLine[]; totals: DocumentTotals; withdrawn: WithdrawnBenefit[] }> {
    const credited = new Map<number, Credited>();
    addCredited(
      credited,
      (await creditedLines(db, actor.tenantId, plan.original.id)).map((l) => ({
        origLineNo: l.orig_line_no ?? 0,
        qtyMilli: l.qty_milli,
        grossPaise: l.gross,
        taxablePaise: l.taxable,
        taxes: { cgst: l.cgst, sgst: l.sgst, utgst: l.utgst, igst: l.igst, cess: l.cess },
      })),
    );
    // A supply without IGST (under LUT) is credited without tax too.
    const regime = adjustmentRegime(plan.originalDoc);
    const priced = priceNoteLines(plan.originalDoc.lines, credited, requests, regime);
    // Returning part of an offer takes back the benefit that no longer holds (ADR 0029).
    const returning = new Map(
      priced.filter((l) => l.quantity > 0).map((l) => [l.origLineNo, Math.round(l.quantity * 1000)]),
    );
    const before = new Map([...credited].map(([lineNo, c]) => [lineNo, c.qtyMilli]));
    const withdrawn = await withdrawnBenefits(
      db,
      actor.tenantId,
      plan.original.id,
      plan.originalDoc.lines,
      before,
      returning,
    );
    const lines = applyWithdrawals(priced, withdrawn, regime);
    return { lines, totals: sumTotals(lines, plan.settings.roundOff), withdrawn };
  }

  /** Reads and checks the invoice, decides the note's id and encrypts its buyer. */
  async plan(
    actor: ServiceActor,
    invoiceId: string,
    reason: string,
    exchangeId: string | null,
  ): Promise<NotePlan> {
    const { db, cipher } = this.deps;
    const original = await this.deps.reader.row(actor, invoiceId, 'invoice');
    await authorizeStore(db, actor, 'credit_note.create', original.store_id);
    const now = this.deps.clock.now();
    const date = istDateOf(now);
    if (date > creditNoteDeadline(original.doc_date))
      throw new AppError(
        'conflict',
        'credit notes for this invoice were due by 30 November after its financial year',
        'invoiceId',
      );
    const originalDoc = await loadIssuedDocument(db, cipher, original);
    if (originalDoc.status === 'cancelled')
      throw new AppError('conflict', 'this invoice was cancelled', 'invoiceId');
    const profile = await loadStoreProfile(db, actor.tenantId, original.store_id);
    requireSupplierAddress(profile, 'invoiceId');
    const id = newId();
    const b = originalDoc.buyer;
    return {
      id,
      original,
      originalDoc,
      profile,
      settings: await loadSettings(db, actor.tenantId),
      buyer: await sealBuyer(cipher, actor.tenantId, id, {
        gstin: b?.gstin ?? null,
        name: b?.name ?? null,
        address: b?.address ?? null,
        stateCode: b?.stateCode ?? null,
      }),
      now,
      date,
      reason,
      exchangeId,
    };
  }

  /**
   * Money paid out of the till (cash, UPI, card; not store credit) beyond the shop's refund
   * allowance needs `discount.override` or a manager's refund approval that covers it.
   */
  async authorizeRefund(
    actor: ServiceActor,
    plan: NotePlan,
    input: Pick<CreditNoteInput, 'refunds' | 'approvalId'>,
  ): Promise<(UsableApproval & { paidOutPaise: number }) | null> {
    const paidOutPaise = input.refunds
      .filter((r) => r.method !== 'credit')
      .reduce((sum, r) => sum + r.amountPaise, 0);
    if (paidOutPaise <= plan.settings.refundAllowancePaise) return null;
    if (actorCan(actor, 'discount.override')) return { id: '', approverId: actor.userId ?? '', paidOutPaise };
    const approval = await this.deps.approvals.usable(
      actor,
      input.approvalId,
      plan.original.store_id,
      paidOutPaise,
      'refunds',
      'refund',
    );
    return { ...approval, paidOutPaise };
  }

  /** Uses the approval (once) and records the override, inside the note's transaction. */
  async recordRefundOverride(
    trx: Kysely<Database>,
    actor: ServiceActor,
    noteId: string,
    approval: UsableApproval & { paidOutPaise: number },
  ): Promise<void> {
    if (approval.id !== '') await this.deps.approvals.consume(trx, actor.tenantId, approval.id, noteId);
    await this.deps.audit.record(trx, actor.audit, {
      action: 'refund.override',
      objectType: 'credit_note',
      objectId: noteId,
      outcome: 'success',
      details: {
        paidOutPaise: approval.paidOutPaise,
        approvedBy: approval.approverId,
        approvalId: approval.id === '' ? null : approval.id,
      },
    });
  }

  /** Encrypts refund references (amounts are checked against the total inside the transaction). */
  async planRefunds(
    actor: ServiceActor,
    refunds: readonly PaymentInput[],
    hasCustomer: boolean,
  ): Promise<PlannedRefund[]> {
    const out: PlannedRefund[] = [];
    for (const [i, r] of refunds.entries()) {
      if (r.method === 'credit' && !hasCustomer)
        throw invalid(`refunds.${i}.method`, 'store credit needs a named customer on the invoice');
      const id = newId();
      const reference = r.method === 'upi' || r.method === 'card' ? r.reference : null;
      out.push({
        id,
        seq: i + 1,
        method: r.method,
        amount: r.amountPaise,
        tendered: null,
        change_due: 0,
        reference_enc: await sealPaymentReference(this.deps.cipher, actor.tenantId, id, reference),
        card_last4: r.method === 'card' ? r.last4 : null,
      });
    }
    return out;
  }

  /**
   * Writes the note inside `trx`: locks the invoice, prices the lines against earlier notes,
   * settles refunds (`refundsFor` gets the total), restocks, credits the customer, numbers, audits.
   */
  async write(
    trx: Kysely<Database>,
    actor: ServiceActor,
    plan: NotePlan,
    requests: readonly NoteLineRequest[],
    refundsFor: (totalPaise: number) => PlannedRefund[],
  ): Promise<{ number: string; totalPaise: number }> {
    const { original, originalDoc } = plan;
    await lockDocument(trx, this.deps.engine, actor.tenantId, original.id);
    if ((await cancelledAmong(trx, actor.tenantId, [original.id])).size > 0)
      throw new AppError('conflict', 'this invoice was cancelled', 'invoiceId');
    const { lines, totals } = await this.price(trx, actor, plan, requests);
    if (totals.totalPaise <= 0) throw invalid('lines', 'nothing to credit');
    const refunds = refundsFor(totals.totalPaise);
    const refunded = refunds.reduce((s, r) => s + r.amount, 0);
    if (refunded !== totals.totalPaise)
      throw invalid(
        'refunds',
        `refunds must add up to the credit note's total of Rs ${formatRupees(totals.totalPaise)}`,
      );
    const now = plan.now.toISOString();
    const byNumber = new Map(originalDoc.lines.map((l) => [l.number, l]));
    const variantOf = (n: number) => byNumber.get(n)?.itemId ?? null;
    const taken = await writeDocument(
      trx,
      actor.tenantId,
      {
        id: plan.id,
        docType: 'credit-note',
        kind: originalDoc.kind,
        storeId: original.store_id,
        counterId: null,
        series: 'credit-note',
        year: financialYearOf(plan.date),
        format: {
          prefix: plan.profile.creditNotePrefix,
          includeYear: plan.profile.includeYear,
          minDigits: plan.profile.minDigits,
        },
        date: plan.date,
        issuedAt: now,
        customerId: original.customer_id,
        buyer: plan.buyer,
        placeOfSupply: original.place_of_supply,
        regime: originalDoc.regime,
        supplyType: originalDoc.supplyType ?? 'regular',
        exportDetails: originalDoc.exportDetails ?? null,
        lut: originalDoc.lut ?? null,
        supplier: supplierParty(plan.profile),
        supplierStateCode: plan.profile.stateCode,
        lines: lines.map((l) => ({
          ...l,
          itemId: null,
          variantId: variantOf(l.origLineNo),
          rateCategory: null,
        })),
        totals,
        payments: refunds,
        original: {
          id: original.id,
          number: original.number,
          date: original.doc_date,
          totalPaise: original.total,
          placeOfSupply: original.place_of_supply,
        },
        reason: plan.reason,
        exchangeId: plan.exchangeId,
        createdBy: actor.userId,
      },
      async () => {
        const movements = lines.flatMap((l) => {
          const variantId = variantOf(l.origLineNo);
          return l.restocked && variantId !== null
            ? [
                {
                  storeId: original.store_id,
                  variantId,
                  kind: 'return' as const,
                  qtyMilli: Math.round(l.quantity * 1000),
                  refType: 'credit-note',
                  refId: plan.id,
                },
              ]
            : [];
        });
        await applyMovements(trx, actor.tenantId, movements, {
          actorId: actor.userId,
          now,
          refuseNegative: false,
        });
        const written: WrittenNote = {
          id: plan.id,
          invoiceId: original.id,
          storeId: original.store_id,
          now,
          lines: lines.map((l) => ({
            origLineNo: l.origLineNo,
            quantity: l.quantity,
            restocked: l.restocked,
          })),
        };
        for (const writer of this.#writers) await writer(trx, actor, written);
        const toAccount = refunds.filter((r) => r.method === 'credit').reduce((s, r) => s + r.amount, 0);
        if (toAccount > 0 && original.customer_id !== null)
          await applyToBalance(
            trx,
            actor.tenantId,
            {
              customerId: original.customer_id,
              kind: 'refund_to_credit',
              amount: -toAccount,
              method: 'credit',
              refType: 'credit-note',
              refId: plan.id,
              actorId: actor.userId,
              now,
            },
            { enforceLimit: false },
          );
      },
    );
    await this.deps.audit.record(trx, actor.audit, {
      action: 'credit_note.issue',
      objectType: 'credit_note',
      objectId: plan.id,
      outcome: 'success',
      details: {
        number: taken.number,
        invoiceId: original.id,
        invoiceNumber: original.number,
        reason: plan.reason,
        lines: lines.length,
        totalPaise: totals.totalPaise,
        restockedLines: lines.filter((l) => l.restocked).length,
      },
    });
    return { number: taken.number, totalPaise: totals.totalPaise };
  }
}
