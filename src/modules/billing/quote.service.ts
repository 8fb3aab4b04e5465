/**
 * What the counter shows before anything is issued: a cart priced exactly as checkout would
 * price it (GST per line, round-off, the same refusals except payments, and whether a discount
 * needs a manager), a return priced exactly as its credit note would be, how much of each
 * invoice line can still be returned, and the UPI payment QR for an amount. Nothing is written.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { DocumentTotals } from '../../domain/gst/index.js';
import { buildUpiUri, upiQrPng } from '../documents/upi-payment.js';
import { authorizeStore } from '../auth/access.policy.js';
import { actorCan, type ServiceActor } from '../../kernel/actor.js';
import type { BillingContextCache } from './billing-context.js';
import { buyerSnapshot, resolveLines } from './cart.builder.js';
import type { CheckoutInput, DocumentView } from './checkout.schemas.js';
import type { CheckoutService } from './checkout.service.js';
import type { NoteLineRequest } from './credit-note.pricing.js';
import type { CreditNoteService } from './credit-note.service.js';
import { creditedLines } from './document-read.repository.js';
import type { DocumentReader } from './document-reader.js';
import { toLineView } from './document-view.js';
import { saleReduction } from './discount.policy.js';
import { fromMilli } from '../../kernel/schema-atoms.js';
import type { AppliedOffer, NotAppliedOffer } from '../../domain/offers/index.js';
import type { WithdrawnBenefit } from '../offers/offer-returns.js';

type LineView = DocumentView['lines'][number];

export interface InvoiceQuote {
  kind: DocumentView['kind'];
  regime: DocumentView['regime'];
  placeOfSupply: string;
  lines: LineView[];
  totals: DocumentTotals;
  notes: DocumentView['notes'];
  /** Discounts and lowered prices over the bill. */
  reductionPaise: number;
  /** True when checkout would ask for a manager's approval of the reduction. */
  approvalNeeded: boolean;
  /** Offers applied (lines numbered from 1), those that did not apply and why, and the saving. */
  offers: AppliedOfferView[];
  notApplied: NotAppliedOffer[];
  savedPaise: number;
}

type AppliedOfferView = Omit<AppliedOffer, 'lines'> & { lines: number[] };

export interface CreditNoteQuote {
  lines: LineView[];
  totals: DocumentTotals;
  /** Offer benefits the return takes back, shown before the cashier confirms (ADR 0029). */
  withdrawn: WithdrawnBenefit[];
  /**
   * What this cashier may pay out of the till (cash, UPI, card) without a manager's refund
   * approval; null when they may pay out any amount (`discount.override`).
   */
  refundAllowancePaise: number | null;
}

export interface ReturnableLine {
  lineNumber: number;
  description: string;
  soldQuantity: number;
  returnedQuantity: number;
}

export class QuoteService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      context: BillingContextCache;
      checkout: CheckoutService;
      creditNotes: CreditNoteService;
      reader: DocumentReader;
    },
  ) {}

  /** Prices a cart as checkout would (its payments are not asked for). */
  async invoice(actor: ServiceActor, input: Omit<CheckoutInput, 'payments'>): Promise<InvoiceQuote> {
    const { db, checkout } = this.deps;
    const sale = await checkout.saleContext(actor, input);
    const rows = await resolveLines(db, actor.tenantId, input.lines);
    const catalog = rows.map((r) => r.price);
    const { priced, offers } = await checkout.priceSale(actor, input, { ...sale, rows });
    let approvalNeeded = false;
    try {
      await checkout.authorizeReduction(actor, input, catalog, sale, offers);
    } catch (error) {
      if (!(error instanceof AppError) || error.details?.reason !== 'approval_required') throw error;
      approvalNeeded = true;
    }
    buyerSnapshot(priced, sale.buyer);
    const quote = offers?.quote;
    return {
      kind: priced.kind,
      regime: priced.regime,
      placeOfSupply: priced.placeOfSupply,
      lines: priced.lines.map((l) => ({
        ...toLineView({ ...l, number: l.index + 1, itemId: rows[l.index]?.id ?? null }),
        savings: [...(quote?.lines[l.index]?.savings ?? [])],
      })),
      totals: priced.totals,
      notes: priced.notes.map((n) => ({ line: n.line, code: n.code, message: n.message })),
      reductionPaise: saleReduction(input.lines, catalog, sale.settings.discountAllowancePercent, offers)
        .reductionPaise,
      approvalNeeded,
      offers: (quote?.applied ?? []).map((a) => ({ ...a, lines: a.lines.map((l) => l + 1) })),
      notApplied: [...(quote?.notApplied ?? [])],
      savedPaise: quote?.savingPaise ?? 0,
    };
  }

  /** Prices a return or correction as its credit note would be priced now. */
  async creditNote(
    actor: ServiceActor,
    input: { invoiceId: string; lines: NoteLineRequest[] },
  ): Promise<CreditNoteQuote> {
    const { creditNotes, db } = this.deps;
    const plan = await creditNotes.plan(actor, input.invoiceId, 'return', null);
    const { lines, totals, withdrawn } = await creditNotes.price(db, actor, plan, input.lines);
    const refundAllowancePaise = actorCan(actor, 'discount.override')
      ? null
      : plan.settings.refundAllowancePaise;
    return { lines: lines.map(toLineView), totals, withdrawn, refundAllowancePaise };
  }

  /** Each line of an invoice with what earlier credit notes already took back. */
  async returnable(actor: ServiceActor, invoiceId: string): Promise<ReturnableLine[]> {
    const doc = await this.deps.reader.issued(actor, invoiceId, 'invoice');
    const taken = new Map<number, number>();
    for (const l of await creditedLines(this.deps.db, actor.tenantId, invoiceId))
      if (l.orig_line_no !== null) taken.set(l.orig_line_no, (taken.get(l.orig_line_no) ?? 0) + l.qty_milli);
    return doc.lines.map((l) => ({
      lineNumber: l.number,
      description: l.description,
      soldQuantity: l.quantity,
      returnedQuantity: fromMilli(taken.get(l.number) ?? 0),
    }));
  }

  /** A UPI payment request for an amount at a store's counter: the URI and its QR as a PNG data URL. */
  async upiRequest(
    actor: ServiceActor,
    input: { storeId: string; amountPaise: number; reference: string },
  ): Promise<{ uri: string; qrDataUrl: string }> {
    await authorizeStore(this.deps.db, actor, 'invoice.create', input.storeId);
    const settings = await this.deps.context.settings(actor.tenantId);
    if (settings.upiVpa === null || settings.upiPayeeName === null)
      throw new AppError(
        'precondition_failed',
        "set the shop's UPI address in the billing settings first",
        'upiVpa',
      );
    const uri = buildUpiUri({
      vpa: settings.upiVpa,
      payeeName: settings.upiPayeeName,
      amountPaise: input.amountPaise,
      invoiceNumber: input.reference,
      note: `Bill ${input.reference}`,
    });
    const png = await upiQrPng(uri, 280);
    return { uri, qrDataUrl: `data:image/png;base64,${png.toString('base64')}` };
  }
}
