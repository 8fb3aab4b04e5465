/**
 * Debit notes (CGST Act s.34(3), Rule 53): a price increase after the supply, against an issued
 * invoice, in their own series (the store's debit-note prefix), carrying the invoice's number
 * and date, its place of supply, heads and supply type (an SEZ or export invoice's note is
 * zero-rated too). The extra amount is settled like a sale: cash, UPI, card or the customer's
 * account. One transaction, once per idempotency key.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf, sumTotals, type DocumentTotals } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { financialYearOf } from '../../domain/numbering/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { authorizeStore } from '../auth/access.policy.js';
import { applyToBalance } from '../customers/customer.repository.js';
import { loadSettings, loadStoreProfile, supplierParty } from './billing-settings.repository.js';
import type { DocumentView, PaymentInput } from './checkout.schemas.js';
import { adjustmentRegime, priceDebitLines, type DebitLineRequest } from './debit-note.pricing.js';
import { sealBuyer, sealPaymentReference, type DocumentCipher } from './document-crypto.js';
import type { DocumentIssuer } from './document-issuer.js';
import { loadIssuedDocument } from './document-loader.js';
import { cancelledAmong, lockDocument } from './document-read.repository.js';
import type { DocumentReader } from './document-reader.js';
import { writeDocument, type PaymentDraft } from './document.repository.js';
import { toLineView } from './document-view.js';
import { requestHash } from './idempotency.repository.js';
import { requireSupplierAddress } from './supplier-address.policy.js';
import { settleTender } from './tender.js';
import type { Engine } from '../../db/database.js';

export interface DebitNoteDeps {
  db: Kysely<Database>;
  engine: Engine;
  clock: Clock;
  audit: AuditRecorder;
  cipher: DocumentCipher;
  reader: DocumentReader;
  issuer: DocumentIssuer;
}

/** A debit note request (`POST /debit-notes`). */
export interface DebitNoteInput {
  invoiceId: string;
  reason: string;
  lines: DebitLineRequest[];
  payments: PaymentInput[];
}

export class DebitNoteService {
  constructor(private readonly deps: DebitNoteDeps) {}

  /**
   * What a debit note would charge, priced exactly as `issue` prices it (the increase per line,
   * its tax heads, round-off and total), so the screen shows the amount to collect before the
   * note is issued. Nothing is written.
   */
  async quote(
    actor: ServiceActor,
    input: Pick<DebitNoteInput, 'invoiceId' | 'lines'>,
  ): Promise<{ lines: DocumentView['lines']; totals: DocumentTotals }> {
    const { lines, totals } = await this.price(actor, input);
    return {
      lines: lines.map((l) => toLineView({ ...l, itemId: null })),
      totals,
    };
  }

  /** The invoice (issued, in a store the caller may write debit notes for) and the note's lines. */
  private async price(actor: ServiceActor, input: Pick<DebitNoteInput, 'invoiceId' | 'lines'>) {
    const { db, cipher } = this.deps;
    const original = await this.deps.reader.row(actor, input.invoiceId, 'invoice');
    await authorizeStore(db, actor, 'debit_note.create', original.store_id);
    const originalDoc = await loadIssuedDocument(db, cipher, original);
    if (originalDoc.status === 'cancelled')
      throw new AppError('conflict', 'this invoice was cancelled', 'invoiceId');
    const profile = await loadStoreProfile(db, actor.tenantId, original.store_id);
    requireSupplierAddress(profile, 'invoiceId');
    const settings = await loadSettings(db, actor.tenantId);
    const lines = priceDebitLines(originalDoc.lines, input.lines, adjustmentRegime(originalDoc));
    const totals = sumTotals(lines, settings.roundOff);
    if (totals.totalPaise <= 0) throw invalid('lines', 'nothing to charge');
    return { original, originalDoc, profile, lines, totals };
  }

  /** Issues a debit note once per idempotency key. */
  async issue(actor: ServiceActor, input: DebitNoteInput, idempotencyKey: string): Promise<DocumentView> {
    const { cipher } = this.deps;
    const hash = requestHash('debit-note', input);
    const seen = await this.deps.issuer.replay(actor, idempotencyKey, 'debit-note', hash);
    if (seen !== undefined) return this.deps.reader.view(actor, seen.documentId, 'debit-note', true);

    const { original, originalDoc, profile, lines, totals } = await this.price(actor, input);
    const tender = settleTender(totals.totalPaise, input.payments, {
      hasCustomer: original.customer_id !== null,
    });
    const id = newId();
    const payments: PaymentDraft[] = [];
    for (const p of tender.payments) {
      const rowId = newId();
      payments.push({
        id: rowId,
        seq: p.seq,
        method: p.method,
        amount: p.amountPaise,
        tendered: p.tenderedPaise,
        change_due: p.changePaise,
        reference_enc: await sealPaymentReference(cipher, actor.tenantId, rowId, p.reference),
        card_last4: p.cardLast4,
      });
    }
    const b = originalDoc.buyer;
    const buyer = await sealBuyer(cipher, actor.tenantId, id, {
      gstin: b?.gstin ?? null,
      name: b?.name ?? null,
      address: b?.address ?? null,
      stateCode: b?.stateCode ?? null,
    });
    const now = this.deps.clock.now();
    const date = istDateOf(now);
    const byNumber = new Map(originalDoc.lines.map((l) => [l.number, l]));
    const outcome = await this.deps.issuer.issue(
      actor,
      { key: idempotencyKey, operation: 'debit-note', hash, documentId: id },
      async (trx) => {
        await lockDocument(trx, this.deps.engine, actor.tenantId, original.id);
        if ((await cancelledAmong(trx, actor.tenantId, [original.id])).size > 0)
          throw new AppError('conflict', 'this invoice was cancelled', 'invoiceId');
        const taken = await writeDocument(
          trx,
          actor.tenantId,
          {
            id,
            docType: 'debit-note',
            kind: originalDoc.kind,
            storeId: original.store_id,
            counterId: null,
            series: 'debit-note',
            year: financialYearOf(date),
            format: {
              prefix: profile.debitNotePrefix,
              includeYear: profile.includeYear,
              minDigits: profile.minDigits,
            },
            date,
            issuedAt: now.toISOString(),
            customerId: original.customer_id,
            buyer,
            placeOfSupply: original.place_of_supply,
            regime: originalDoc.regime,
            supplyType: originalDoc.supplyType ?? 'regular',
            exportDetails: originalDoc.exportDetails ?? null,
            lut: originalDoc.lut ?? null,
            supplier: supplierParty(profile),
            supplierStateCode: profile.stateCode,
            lines: lines.map((l) => ({
              ...l,
              itemId: null,
              variantId: byNumber.get(l.origLineNo)?.itemId ?? null,
              rateCategory: null,
            })),
            totals,
            payments,
            original: {
              id: original.id,
              number: original.number,
              date: original.doc_date,
              totalPaise: original.total,
              placeOfSupply: original.place_of_supply,
            },
            reason: input.reason,
            createdBy: actor.userId,
          },
          async () => {
            if (tender.creditPaise > 0 && original.customer_id !== null)
              await applyToBalance(
                trx,
                actor.tenantId,
                {
                  customerId: original.customer_id,
                  kind: 'credit_sale',
                  amount: tender.creditPaise,
                  method: 'credit',
                  refType: 'debit-note',
                  refId: id,
                  actorId: actor.userId,
                  now: now.toISOString(),
                },
                { enforceLimit: true, field: 'payments' },
              );
          },
        );
        await this.deps.audit.record(trx, actor.audit, {
          action: 'debit_note.issue',
          objectType: 'debit_note',
          objectId: id,
          outcome: 'success',
          details: {
            number: taken.number,
            invoiceId: original.id,
            invoiceNumber: original.number,
            reason: input.reason,
            lines: lines.length,
            totalPaise: totals.totalPaise,
            payments: payments.map((p) => p.method),
          },
        });
      },
    );
    return this.deps.reader.view(actor, outcome.documentId, 'debit-note', outcome.replayed);
  }
}
