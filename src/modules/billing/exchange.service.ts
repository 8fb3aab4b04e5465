/**
 * Exchanges: returned goods become a credit note against the original invoice, the new goods a
 * new invoice, and the note's value pays for the new invoice ("store-credit" on both), all in one
 * transaction under one idempotency key. When the new goods cost more the buyer pays the rest;
 * when less, the difference is refunded on the credit note.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { CartLine, DocumentView, PaymentInput } from './checkout.schemas.js';
import type { CheckoutService } from './checkout.service.js';
import type { NoteLineRequest } from './credit-note.pricing.js';
import type { CreditNoteService, PlannedRefund } from './credit-note.service.js';
import type { DocumentIssuer } from './document-issuer.js';
import type { DocumentReader } from './document-reader.js';
import { requestHash } from './idempotency.repository.js';
import { storeCreditRow } from './document.repository.js';
import { carriedSavings } from '../offers/exchange-savings.js';

export interface ExchangeInput {
  invoiceId: string;
  counterId?: string;
  returnLines: { lineNumber: number; quantity: number; restock?: boolean }[];
  lines: CartLine[];
  /** What the buyer pays beyond the returned goods' value. */
  payments: PaymentInput[];
  /** What the shop pays back when the returned goods are worth more. */
  refunds: PaymentInput[];
  /** A manager's approval of a discount on the new goods beyond the cashier's allowance. */
  approvalId?: string;
  /** A manager's approval of the money paid back (cash, UPI, card) beyond the refund allowance. */
  refundApprovalId?: string;
}

export interface ExchangeView {
  exchangeId: string;
  creditNote: DocumentView;
  invoice: DocumentView;
}

export class ExchangeService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      checkout: CheckoutService;
      creditNotes: CreditNoteService;
      issuer: DocumentIssuer;
      reader: DocumentReader;
    },
  ) {}

  async exchange(actor: ServiceActor, input: ExchangeInput, idempotencyKey: string): Promise<ExchangeView> {
    const hash = requestHash('exchange', input);
    const seen = await this.deps.issuer.replay(actor, idempotencyKey, 'exchange', hash);
    if (seen !== undefined) return this.#views(actor, seen.documentId, true);
    const exchangeId = newId();
    const plan = await this.deps.creditNotes.plan(actor, input.invoiceId, 'exchange', exchangeId);
    const returns: NoteLineRequest[] = input.returnLines;
    // The note's total as things stand; checked again inside the transaction.
    const credit = (await this.deps.creditNotes.price(this.deps.db, actor, plan, returns)).totals.totalPaise;
    const context = await this.deps.checkout.saleContext(actor, {
      storeId: plan.original.store_id,
      ...(input.counterId === undefined ? {} : { counterId: input.counterId }),
      customerId: plan.original.customer_id,
      lines: input.lines,
    });
    const sale = await this.deps.checkout.prepareSale(
      actor,
      {
        storeId: plan.original.store_id,
        lines: input.lines,
        payments: input.payments,
        customerId: plan.original.customer_id,
        ...(input.approvalId === undefined ? {} : { approvalId: input.approvalId }),
      },
      context,
      {
        exchangeId,
        creditFromExchangePaise: credit,
        // Another size of a discounted item keeps its discount (ADR 0029).
        carried: await carriedSavings(
          this.deps.db,
          actor.tenantId,
          input.invoiceId,
          input.returnLines,
          context.rows.map((row, i) => ({ row, quantity: input.lines[i]?.quantity ?? 0 })),
        ),
      },
    );
    const netted = Math.min(credit, sale.priced.totals.totalPaise);
    const refunds = await this.deps.creditNotes.planRefunds(
      actor,
      input.refunds,
      plan.original.customer_id !== null,
    );
    // Money paid back out of the till beyond the allowance needs a manager, as a refund does.
    const refundApproval = await this.deps.creditNotes.authorizeRefund(actor, plan, {
      refunds: input.refunds,
      ...(input.refundApprovalId === undefined ? {} : { approvalId: input.refundApprovalId }),
    });
    const noteRefunds: PlannedRefund[] = [
      storeCreditRow(netted),
      ...refunds.map((r) => ({ ...r, seq: r.seq + 1 })),
    ].filter((r) => r.amount > 0);
    const outcome = await this.deps.issuer.issue(
      actor,
      { key: idempotencyKey, operation: 'exchange', hash, documentId: sale.draft.id },
      async (trx) => {
        await this.deps.creditNotes.write(trx, actor, plan, returns, (total) => {
          if (total !== credit)
            throw new AppError(
              'conflict',
              'the invoice changed meanwhile: start the exchange again',
              'invoiceId',
            );
          return noteRefunds;
        });
        await this.deps.checkout.writeSale(trx, actor, sale, context);
        if (refundApproval !== null)
          await this.deps.creditNotes.recordRefundOverride(trx, actor, plan.id, refundApproval);
      },
    );
    return this.#views(actor, outcome.documentId, outcome.replayed);
  }

  async #views(actor: ServiceActor, invoiceId: string, replayed: boolean): Promise<ExchangeView> {
    const invoice = await this.deps.reader.view(actor, invoiceId, 'invoice', replayed);
    const note = await this.deps.db
      .selectFrom('sales_documents')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('exchange_id', '=', invoice.exchangeId ?? '')
      .where('doc_type', '=', 'credit-note')
      .executeTakeFirstOrThrow();
    return {
      exchangeId: invoice.exchangeId ?? '',
      creditNote: await this.deps.reader.view(actor, note.id, 'credit-note', replayed),
      invoice,
    };
  }
}
