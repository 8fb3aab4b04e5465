/**
 * Checkout: cart -> priced lines -> tax -> payments -> invoice number -> stock movements ->
 * customer balance -> audit entry, in one transaction, once per idempotency key. Everything that
 * needs its own connection or much CPU (catalog and customer reads, decryption, pricing,
 * encryption) happens before the transaction, which then only writes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import {
  isExport,
  isWithoutPayment,
  istDateOf,
  lutCovers,
  priceCart,
  type IssuedDocument,
  type IssuedPayment,
  type LetterOfUndertaking,
  type PricedDocument,
} from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import { financialYearOf } from '../../domain/numbering/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { SellableRow } from '../catalog/item.repository.js';
import { applyMovements, type MovementInput, type NegativeLevel } from '../catalog/stock.repository.js';
import { applyToBalance } from '../customers/customer.repository.js';
import type { CustomerService, DocumentBuyer } from '../customers/customer.service.js';
import { actorCan, type ServiceActor } from '../../kernel/actor.js';
import { authorizeStore } from '../auth/access.policy.js';
import { supplierParty } from './billing-settings.repository.js';
import { requireSupplierAddress } from './supplier-address.policy.js';
import type { BillingSettings, StoreProfile } from './billing-settings.schemas.js';
import { buyerSnapshot, cartLineOf, cartOf, resolveLines } from './cart.builder.js';
import type { CheckoutInput, DocumentView } from './checkout.schemas.js';
import type { DiscountApprovalService } from './discount-approval.service.js';
import { saleReduction } from './discount.policy.js';
import {
  sealBuyer,
  sealPaymentReference,
  type BuyerSnapshot,
  type DocumentCipher,
} from './document-crypto.js';
import { toDocumentView } from './document-view.js';
import type { TakenNumber } from './series.repository.js';
import type { BillingContextCache } from './billing-context.js';
import type { DocumentIssuer } from './document-issuer.js';
import type { DocumentReader } from './document-reader.js';
import {
  storeCreditRow,
  writeDocument,
  type DocumentDraft,
  type PaymentDraft,
} from './document.repository.js';
import { requestHash } from './idempotency.repository.js';
import { settleTender } from './tender.js';
import type { OfferPricer, SaleOffers } from '../offers/sale-offers.js';
import { mixedSupplyRates, offerLineOf, refuseAboveMrp, withOffer } from '../offers/sale-lines.js';
import { carrySavings, type CarriedSavings } from '../offers/exchange-savings.js';

export interface CheckoutDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: DocumentCipher;
  customers: CustomerService;
  issuer: DocumentIssuer;
  reader: DocumentReader;
  context: BillingContextCache;
  approvals: DiscountApprovalService;
  /** Price lists, offers and coupons (absent: none apply). */
  offers?: OfferPricer;
}

/** A sale that takes off more than the cashier's allowance, and who allowed it. */
export interface SaleOverride {
  reductionPaise: number;
  /** The manager's approval used, or null when the seller holds `discount.override`. */
  approvalId: string | null;
  approverId: string | null;
}

/** What checkout knows about the store and shop before pricing. */
export interface SaleContext {
  profile: StoreProfile;
  settings: BillingSettings;
  buyer: DocumentBuyer | null;
  /** The catalog rows of the cart's lines, in line order. */
  rows: SellableRow[];
  date: string;
  now: Date;
}

/** A priced, settled, encrypted sale ready to write. */
export interface PreparedSale {
  draft: DocumentDraft;
  priced: PricedDocument;
  movements: MovementInput[];
  creditPaise: number;
  /** The buyer as recorded and the payments with their references, in clear, for the answer. */
  buyer: BuyerSnapshot;
  payments: IssuedPayment[];
  override: SaleOverride | null;
  /** The offers priced into the sale (null: offers are not wired). */
  offers: SaleOffers | null;
}

/** A cart priced with its offers. */
export interface PricedSale {
  priced: PricedDocument;
  offers: SaleOffers | null;
}

/** The API view of a sale just written, built from the prepared sale and its number. */
export function saleView(sale: PreparedSale, taken: TakenNumber): DocumentView {
  const { draft, buyer } = sale;
  const hasBuyer = buyer.gstin !== null || buyer.name !== null || buyer.stateCode !== null;
  const doc: IssuedDocument = {
    id: draft.id,
    type: 'invoice',
    kind: draft.kind,
    number: taken.number,
    seriesKey: taken.seriesKey,
    sequence: taken.seq,
    date: draft.date,
    issuedAt: draft.issuedAt,
    status: 'issued',
    supplier: draft.supplier,
    buyer: hasBuyer ? buyer : null,
    placeOfSupply: draft.placeOfSupply,
    regime: draft.regime,
    supplyType: draft.supplyType ?? 'regular',
    exportDetails: draft.exportDetails ?? null,
    lut: draft.lut ?? null,
    reverseCharge: false,
    lines: draft.lines.map((line, i) => ({ ...line, number: i + 1, itemId: line.variantId })),
    totals: draft.totals,
    payments: sale.payments,
    original: null,
    reason: null,
  };
  const view = toDocumentView(doc, {
    storeId: draft.storeId,
    customerId: draft.customerId,
    originalId: null,
    exchangeId: draft.exchangeId ?? null,
    notes: sale.priced.notes,
  });
  return withSavings(view, sale.offers);
}

/** The view with each line's savings, the offers applied and the total saved. */
export function withSavings(view: DocumentView, offers: SaleOffers | null): DocumentView {
  if (offers === null) return view;
  const quote = offers.quote;
  return {
    ...view,
    lines: view.lines.map((line, i) => ({ ...line, savings: [...(quote.lines[i]?.savings ?? [])] })),
    offers: quote.applied.map((a) => ({ ...a, lines: a.lines.map((l) => l + 1) })),
    savedPaise: quote.savingPaise,
  };
}

/**
 * The Letter of Undertaking a zero-rated supply without IGST goes under: the store's, covering
 * the bill's date; refused (naming where to fill it in) when there is none.
 */
export function lutFor(priced: PricedDocument, profile: StoreProfile): LetterOfUndertaking | null {
  if (!isWithoutPayment(priced.supplyType)) return null;
  const lut =
    profile.lutNumber === null || profile.lutDate === null
      ? null
      : { number: profile.lutNumber, date: profile.lutDate };
  if (lut === null || !lutCovers(lut, priced.documentDate))
    throw new AppError(
      'validation_failed',
      "without IGST, an export or SEZ supply goes under the store's Letter of Undertaking for this financial year: add its number and date in Settings, Store details",
      'supplyType',
      { reason: 'lut-missing' },
    );
  return lut;
}

/**
 * Promises already running side by side, to be awaited in the order given: the first failure in
 * that order is the one raised, and a later one, never awaited, is not reported as unhandled.
 */
function startSideBySide<T extends readonly unknown[]>(
  ...promises: { [K in keyof T]: Promise<T[K]> }
): { [K in keyof T]: Promise<T[K]> } {
  for (const promise of promises) promise.catch(() => undefined);
  return promises;
}

/**
 * What another capability adds to one sale (salon: prepaid sessions, member prices, a wallet's
 * value paying part of the bill), without checkout knowing the capability.
 */
export interface SaleExtension {
  /** The idempotency operation and what, beyond the cart, makes two requests the same. */
  operation: string;
  request: unknown;
  /** Reworks the context before pricing (a prepaid session's line at no value, a member price). */
  adjust?(context: SaleContext): SaleContext;
  /** Value paid from a prepaid instrument before the tender. */
  prepaid?: { method: 'wallet'; amountPaise: number; field: string };
  /** Writes its own rows in the sale's transaction, after the document. */
  write?(trx: Kysely<Database>, sale: PreparedSale, taken: TakenNumber): Promise<void>;
}

/** Writes another capability's rows for every sale, in its transaction (salon: the staff of each line). */
export type SaleWriter = (
  trx: Kysely<Database>,
  actor: ServiceActor,
  input: CheckoutInput,
  sale: PreparedSale,
) => Promise<void>;

export class CheckoutService {
  readonly #writers: SaleWriter[] = [];

  constructor(private readonly deps: CheckoutDeps) {}

  /** Registers a writer that runs in every sale's transaction. */
  onSaleWritten(writer: SaleWriter): void {
    this.#writers.push(writer);
  }

  /**
   * Issues an invoice (or bill of supply) for a cart; a repeated key returns the first one, and
   * the same key with another cart is refused before anything else is checked. The answer is
   * built from what was just written, without reading it back.
   */
  async checkout(
    actor: ServiceActor,
    input: CheckoutInput,
    idempotencyKey: string,
    extension?: SaleExtension,
  ): Promise<DocumentView> {
    const operation = extension?.operation ?? 'checkout';
    const hash =
      extension === undefined
        ? requestHash('checkout', input)
        : requestHash(operation, [input, extension.request]);
    // The key and the sale's context are read side by side (on PostgreSQL, on two connections);
    // a key seen before still answers first, whatever the context read found.
    const [seen, read] = startSideBySide(
      this.deps.issuer.replay(actor, idempotencyKey, operation, hash),
      this.saleContext(actor, input),
    );
    const first = await seen;
    if (first !== undefined) return this.deps.reader.view(actor, first.documentId, 'invoice', true);
    const base = await read;
    const context = extension?.adjust?.(base) ?? base;
    const sale = await this.prepareSale(
      actor,
      input,
      context,
      extension?.prepaid === undefined ? {} : { prepaid: extension.prepaid },
    );
    let taken: TakenNumber | undefined;
    const outcome = await this.deps.issuer.issue(
      actor,
      { key: idempotencyKey, operation, hash, documentId: sale.draft.id },
      async (trx) => {
        taken = await this.writeSale(trx, actor, sale, context);
        for (const writer of this.#writers) await writer(trx, actor, input, sale);
        await extension?.write?.(trx, sale, taken);
      },
    );
    if (outcome.replayed || taken === undefined)
      return this.deps.reader.view(actor, outcome.documentId, 'invoice', true);
    return saleView(sale, taken);
  }

  /**
   * Store, permission, profile, settings, buyer and the lines' catalog rows, read before pricing.
   * Once the caller is authorized, the counter, the buyer and the catalog are read side by side;
   * their errors still come in that order.
   */
  async saleContext(
    actor: ServiceActor,
    input: Pick<CheckoutInput, 'storeId' | 'counterId' | 'customerId' | 'lines'>,
  ): Promise<SaleContext> {
    const { db, context } = this.deps;
    const profile = await context.profile(actor.tenantId, input.storeId);
    await authorizeStore(db, actor, 'invoice.create', input.storeId);
    requireSupplierAddress(profile);
    const { counterId, customerId = null } = input;
    const [counter, buyer, rows] = startSideBySide(
      counterId === undefined
        ? Promise.resolve(undefined)
        : db
            .selectFrom('counters')
            .select('store_id')
            .where('tenant_id', '=', actor.tenantId)
            .where('id', '=', counterId)
            .executeTakeFirst(),
      customerId === null
        ? Promise.resolve(null)
        : this.deps.customers.forDocument(actor.tenantId, customerId),
      resolveLines(db, actor.tenantId, input.lines),
    );
    if (counterId !== undefined && (await counter)?.store_id !== input.storeId)
      throw invalid('counterId', 'no such counter in this store');
    const now = this.deps.clock.now();
    return {
      profile,
      settings: await context.settings(actor.tenantId),
      buyer: await buyer,
      rows: await rows,
      date: istDateOf(now),
      now,
    };
  }

  /** Prices the cart, settles the payments and encrypts what is stored encrypted. */
  async prepareSale(
    actor: ServiceActor,
    input: CheckoutInput,
    context: SaleContext,
    extra: {
      exchangeId?: string;
      creditFromExchangePaise?: number;
      prepaid?: SaleExtension['prepaid'];
      carried?: CarriedSavings;
      /**
       * A sale made at a counter while the server could not be reached (issue 21): billed as it
       * was made, with the number it took, at the prices the counter had and without offers;
       * what differs from the catalog now is the offline sync's to raise, never to change.
       */
      offline?: { number: TakenNumber };
    },
  ): Promise<PreparedSale> {
    const { cipher } = this.deps;
    const { rows } = context;
    const offline = extra.offline;
    const { priced, offers } = await this.priceSale(
      actor,
      input,
      context,
      extra.carried,
      offline === undefined,
    );
    const override =
      offline !== undefined
        ? null
        : await this.authorizeReduction(
            actor,
            input,
            rows.map((r) => r.price),
            context,
            offers,
          );
    const lut = lutFor(priced, context.profile);
    if (isExport(priced.supplyType) !== (input.export !== undefined))
      throw invalid(
        input.export === undefined ? 'export.countryCode' : 'export',
        input.export === undefined
          ? 'an export needs its country of destination'
          : 'export details are for exports only',
      );
    const snapshot = buyerSnapshot(priced, context.buyer);
    const prepaid = extra.prepaid?.amountPaise ?? 0;
    const due = priced.totals.totalPaise - (extra.creditFromExchangePaise ?? 0) - prepaid;
    if (extra.prepaid !== undefined && due < 0)
      throw invalid(extra.prepaid.field, 'more than the bill: take only what is due');
    const tender = settleTender(Math.max(due, 0), input.payments, { hasCustomer: context.buyer !== null });
    const id = newId();
    // In an exchange, the credit note's value pays for the new invoice first.
    const netted = Math.min(extra.creditFromExchangePaise ?? 0, priced.totals.totalPaise);
    const payments: PaymentDraft[] = netted > 0 ? [storeCreditRow(netted)] : [];
    if (prepaid > 0 && extra.prepaid !== undefined)
      payments.push({ ...storeCreditRow(prepaid, payments.length + 1), method: extra.prepaid.method });
    const beforeTender = payments.length;
    for (const p of tender.payments) {
      const rowId = newId();
      payments.push({
        id: rowId,
        seq: payments.length + 1,
        method: p.method,
        amount: p.amountPaise,
        tendered: p.tenderedPaise,
        change_due: p.changePaise,
        reference_enc: await sealPaymentReference(cipher, actor.tenantId, rowId, p.reference),
        card_last4: p.cardLast4,
      });
    }
    const draft: DocumentDraft = {
      id,
      docType: 'invoice',
      kind: priced.kind,
      storeId: input.storeId,
      counterId: input.counterId ?? null,
      series: 'invoice',
      year: financialYearOf(context.date),
      format: {
        prefix: context.profile.invoicePrefix,
        includeYear: context.profile.includeYear,
        minDigits: context.profile.minDigits,
      },
      ...(offline === undefined ? {} : { number: offline.number }),
      date: context.date,
      issuedAt: context.now.toISOString(),
      customerId: context.buyer?.id ?? null,
      buyer: await sealBuyer(cipher, actor.tenantId, id, snapshot),
      placeOfSupply: priced.placeOfSupply,
      regime: priced.regime,
      supplyType: priced.supplyType,
      exportDetails: input.export ?? null,
      lut,
      supplier: supplierParty(context.profile),
      supplierStateCode: context.profile.stateCode,
      lines: priced.lines.map((line) => ({
        ...line,
        itemId: rows[line.index]?.item_id ?? null,
        variantId: rows[line.index]?.id ?? null,
        rateCategory: line.rateCategory,
      })),
      totals: priced.totals,
      payments,
      exchangeId: extra.exchangeId ?? null,
      createdBy: actor.userId,
    };
    const movements: MovementInput[] = priced.lines.flatMap((line) => {
      const row = rows[line.index];
      if (row === undefined || row.item_kind !== 'goods') return [];
      return [
        {
          storeId: input.storeId,
          variantId: row.id,
          kind: 'sale' as const,
          qtyMilli: -Math.round(line.quantity * 1000),
          refType: 'invoice',
          refId: id,
          field: `lines.${line.index}.quantity`,
        },
      ];
    });
    const clear: IssuedPayment[] = payments.map((p, i) => {
      const settled = i < beforeTender ? undefined : tender.payments[i - beforeTender];
      return {
        method: p.method as IssuedPayment['method'],
        amountPaise: p.amount,
        reference: settled?.reference ?? null,
        cardLast4: p.card_last4,
        changePaise: p.change_due,
      };
    });
    return {
      draft,
      priced,
      movements,
      creditPaise: tender.creditPaise,
      buyer: snapshot,
      payments: clear,
      override,
      offers,
    };
  }

  /**
   * Prices the cart as sold: price lists and offers first (their savings become line discounts
   * before tax, CGST Act s.15(3)(a)), then GST. Lines one offer sells for one price at different
   * rates take the highest of them unless the shop's setting says each keeps its own (ADR 0029).
   * A line that would sell above its MRP is refused.
   */
  async priceSale(
    actor: ServiceActor,
    input: Pick<CheckoutInput, 'storeId' | 'lines' | 'delivery' | 'offers' | 'supplyType'>,
    context: SaleContext,
    carried?: CarriedSavings,
    withOffers = true,
  ): Promise<PricedSale> {
    const { rows } = context;
    const rates = await this.deps.context.rateTable(actor.tenantId);
    const requested = rows.map((row, i) => ({ row, line: input.lines[i] ?? { quantity: 0 } }));
    const priced0 =
      this.deps.offers === undefined || !withOffers
        ? null
        : await this.deps.offers.price(actor, {
            storeId: input.storeId,
            customerId: context.buyer?.id ?? null,
            now: context.now,
            lines: requested.map(({ row, line }) => offerLineOf(row, line)),
            offers: input.offers,
          });
    const offers = priced0 === null || carried === undefined ? priced0 : carrySavings(priced0, carried);
    const lines = requested.map(({ row, line }, i) =>
      withOffer(cartLineOf(row, line), offers?.quote.lines[i]),
    );
    const cart = cartOf(input, lines, context);
    let priced = priceCart(cart, rates);
    if (offers !== null && context.settings.mixedSupplyRule === 'highest-rate') {
      const mixed = mixedSupplyRates(priced.lines, offers.quote.groups);
      if (mixed.size > 0)
        priced = priceCart(
          {
            ...cart,
            lines: lines.map((l, i) => (mixed.has(i) ? { ...l, mixedSupplyRate: mixed.get(i) } : l)),
          },
          rates,
        );
    }
    refuseAboveMrp(priced, rows);
    return { priced, offers };
  }

  /**
   * Discounts and changed prices: within the cashier's allowance they pass; beyond it the seller
   * needs `discount.override` or a manager's approval that covers the whole reduction. So does a
   * change to the sale's offers (one left out, or applied although its conditions do not hold):
   * the reduction then includes what the applied-anyway offers take off.
   */
  async authorizeReduction(
    actor: ServiceActor,
    input: Pick<CheckoutInput, 'lines' | 'storeId' | 'approvalId' | 'offers'>,
    catalogPaise: readonly number[],
    context: Pick<SaleContext, 'settings'>,
    offers: SaleOffers | null = null,
  ): Promise<SaleOverride | null> {
    const { reductionPaise, field } = saleReduction(
      input.lines,
      catalogPaise,
      context.settings.discountAllowancePercent,
      offers,
    );
    if (field === null) return null;
    if (actorCan(actor, 'discount.override'))
      return { reductionPaise, approvalId: null, approverId: actor.userId };
    if (input.approvalId === undefined && field.startsWith('offers.'))
      throw new AppError(
        'forbidden',
        'leaving out an offer, or applying one whose conditions do not hold, needs a manager: ask a manager to approve it',
        field,
        { reason: 'approval_required', reductionPaise },
      );
    const approval = await this.deps.approvals.usable(
      actor,
      input.approvalId,
      input.storeId,
      reductionPaise,
      field,
      'discount',
      input.offers ?? null,
    );
    return { reductionPaise, approvalId: approval.id, approverId: approval.approverId };
  }

  /** Writes a prepared sale inside `trx`: lines, payments, stock, balance, number, header, audit. */
  async writeSale(
    trx: Kysely<Database>,
    actor: ServiceActor,
    sale: PreparedSale,
    context: SaleContext,
  ): Promise<TakenNumber> {
    const now = sale.draft.issuedAt;
    let negative: NegativeLevel[] = [];
    const taken = await writeDocument(trx, actor.tenantId, sale.draft, async () => {
      negative = await applyMovements(trx, actor.tenantId, sale.movements, {
        actorId: actor.userId,
        now,
        refuseNegative: context.settings.negativeStock === 'refuse',
      });
      if (sale.creditPaise > 0 && sale.draft.customerId !== null)
        await applyToBalance(
          trx,
          actor.tenantId,
          {
            customerId: sale.draft.customerId,
            kind: 'credit_sale',
            amount: sale.creditPaise,
            method: 'credit',
            refType: 'invoice',
            refId: sale.draft.id,
            actorId: actor.userId,
            now,
          },
          { enforceLimit: true, field: 'payments' },
        );
    });
    if (sale.offers !== null)
      await this.deps.offers?.record(trx, actor, sale.draft.id, sale.offers, now, sale.override);
    if (sale.override !== null) {
      const { approvalId, approverId, reductionPaise } = sale.override;
      if (approvalId !== null)
        await this.deps.approvals.consume(trx, actor.tenantId, approvalId, sale.draft.id);
      await this.deps.audit.record(trx, actor.audit, {
        action: 'discount.override',
        objectType: 'invoice',
        objectId: sale.draft.id,
        outcome: 'success',
        details: { reductionPaise, approvedBy: approverId, approvalId },
      });
    }
    await this.deps.audit.record(trx, actor.audit, {
      action: 'invoice.issue',
      objectType: 'invoice',
      objectId: sale.draft.id,
      outcome: 'success',
      details: {
        number: taken.number,
        kind: sale.draft.kind,
        storeId: sale.draft.storeId,
        lines: sale.draft.lines.length,
        totalPaise: sale.draft.totals.totalPaise,
        payments: sale.draft.payments.map((p) => p.method),
        ...(sale.draft.supplyType === undefined || sale.draft.supplyType === 'regular'
          ? {}
          : { supplyType: sale.draft.supplyType }),
        ...(sale.draft.exchangeId === null ? {} : { exchangeId: sale.draft.exchangeId }),
        ...(sale.offers === null || sale.offers.quote.applied.length === 0
          ? {}
          : {
              offerIds: sale.offers.quote.applied.map((a) => a.id),
              savedPaise: sale.offers.quote.savingPaise,
            }),
      },
    });
    // Each level the sale took below zero is on the trail; the detectors raise a stock alert.
    for (const level of negative)
      await this.deps.audit.record(trx, actor.audit, {
        action: 'stock.negative',
        objectType: 'variant',
        objectId: level.variantId,
        outcome: 'success',
        details: { storeId: level.storeId, level: level.qtyMilli / 1000, invoiceId: sale.draft.id },
      });
    return taken;
  }
}
