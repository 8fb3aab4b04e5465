/**
 * Offers at checkout: the price lists and offers in force (kept 5 s per tenant), the coupons
 * given (checked: known, running, not used up, within the customer's limit), the customer's
 * group, the offers left out and those a manager applies anyway; then, inside the sale's
 * transaction, each coupon use (never past its limit, even for two sales at once), each line's
 * savings, and the override in the audit trail. Whether the seller may leave out or apply
 * anyway is checkout's question (`authorizeReduction`: `discount.override`, or a manager's
 * approval at the counter, as for a discount beyond the allowance).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import {
  quoteOffers,
  type Offer,
  type OfferLine,
  type OfferQuote,
  type PriceList,
} from '../../domain/offers/index.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { BillingContextCache } from '../billing/billing-context.js';
import { loadOffers, loadPriceLists } from './offer.repository.js';
import type { SaleOffersInput } from './offer.schemas.js';

export interface SaleCoupon {
  id: string;
  code: string;
  offerId: string;
  perCustomerLimit: number | null;
}

/** The offers of one sale, priced and ready to record. */
export interface SaleOffers {
  quote: OfferQuote;
  coupons: SaleCoupon[];
  /** Offers applied by a manager's override. */
  forced: string[];
  /** What the forced offers take off, in all. */
  forcedSavingPaise: number;
  /** Offers that concern the cart and were left out of it (a manager's override too). */
  skipped: string[];
  customerId: string | null;
}

interface InForce {
  lists: PriceList[];
  offers: Offer[];
}

export class OfferPricer {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cache: BillingContextCache,
    private readonly audit: AuditRecorder,
  ) {}

  /** The lists and offers not ended, kept a few seconds (the engine checks the times). */
  inForce(tenantId: string, now: Date): Promise<InForce> {
    return this.cache.remember(tenantId, 'offers', async () => {
      const current = now.toISOString();
      const [lists, offers] = await Promise.all([
        loadPriceLists(this.db, tenantId, { current }),
        loadOffers(this.db, tenantId, { current }),
      ]);
      return { lists, offers };
    });
  }

  async price(
    actor: ServiceActor,
    sale: {
      storeId: string;
      customerId: string | null;
      now: Date;
      lines: readonly OfferLine[];
      offers: SaleOffersInput | undefined;
    },
  ): Promise<SaleOffers> {
    const request = sale.offers ?? {};
    const force = [...new Set(request.force ?? [])];
    const [inForce, group, coupons] = await Promise.all([
      this.inForce(actor.tenantId, sale.now),
      sale.customerId === null
        ? Promise.resolve(null)
        : this.db
            .selectFrom('customers')
            .select('customer_group')
            .where('tenant_id', '=', actor.tenantId)
            .where('id', '=', sale.customerId)
            .executeTakeFirst()
            .then((r) => r?.customer_group ?? null),
      this.coupons(actor.tenantId, request.couponCodes ?? [], sale.customerId, sale.now),
    ]);
    const forcedIds = new Set(force);
    for (const [i, offerId] of force.entries())
      if (!inForce.offers.some((o) => o.id === offerId))
        throw invalid(`offers.force.${i}`, 'no such offer running');
    // The kept array itself unless a manager forces an offer: the engine prepares its index once per array.
    const offers =
      forcedIds.size === 0
        ? inForce.offers
        : inForce.offers.map((o) =>
            forcedIds.has(o.id) ? { ...o, customerGroup: null, couponRequired: false } : o,
          );
    const quote = quoteOffers(sale.lines, inForce.lists, offers, {
      at: sale.now.toISOString(),
      storeId: sale.storeId,
      customerGroup: group,
      coupons: new Map(coupons.map((c) => [c.offerId, { code: c.code, minBillPaise: c.minBillPaise }])),
      skip: new Set(request.skip ?? []),
    });
    const forced = quote.applied.filter((a) => forcedIds.has(a.id));
    return {
      quote,
      coupons: coupons.filter((c) => quote.applied.some((a) => a.id === c.offerId)),
      forced: forced.map((a) => a.id),
      forcedSavingPaise: forced.reduce((s, a) => s + a.savingPaise, 0),
      skipped: quote.notApplied.filter((n) => n.reason === 'skipped').map((n) => n.id),
      customerId: sale.customerId,
    };
  }

  private async coupons(
    tenantId: string,
    codes: readonly string[],
    customerId: string | null,
    now: Date,
  ): Promise<(SaleCoupon & { minBillPaise: number })[]> {
    if (codes.length === 0) return [];
    const rows = await this.db
      .selectFrom('coupons')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('code', 'in', [...codes])
      .execute();
    const at = now.getTime();
    return codes.map((code, i) => {
      const field = `offers.couponCodes.${i}`;
      const row = rows.find((r) => r.code === code);
      if (row === undefined) throw invalid(field, 'no such coupon');
      if (
        row.status !== 'active' ||
        at < Date.parse(row.starts_at) ||
        (row.ends_at !== null && at >= Date.parse(row.ends_at))
      )
        throw invalid(field, 'this coupon is not valid now');
      if (row.max_uses !== null && row.uses >= row.max_uses)
        throw invalid(field, 'this coupon has been used up');
      if (row.per_customer_limit !== null && customerId === null)
        throw invalid(field, 'this coupon is limited per customer: choose the customer first');
      return {
        id: row.id,
        code: row.code,
        offerId: row.offer_id,
        perCustomerLimit: row.per_customer_limit,
        minBillPaise: row.min_bill,
      };
    });
  }

  /**
   * Inside the sale's transaction: each coupon's use (a conditional increment, so two sales at
   * once cannot both take a single-use coupon), the customer's limit, each line's savings, and
   * the manager's override (offers left out or applied anyway, and who approved it) in the
   * audit trail.
   */
  async record(
    trx: Kysely<Database>,
    actor: ServiceActor,
    documentId: string,
    sale: SaleOffers,
    now: string,
    approval: { approvalId: string | null; approverId: string | null } | null = null,
  ) {
    const tenantId = actor.tenantId;
    for (const [i, coupon] of sale.coupons.entries()) {
      const field = `offers.couponCodes.${i}`;
      const taken = await trx
        .updateTable('coupons')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('tenant_id', '=', tenantId)
        .where('id', '=', coupon.id)
        .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1)
        throw new AppError('conflict', 'this coupon has just been used up', field);
      const row = await trx
        .selectFrom('coupons')
        .select('uses')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', coupon.id)
        .executeTakeFirstOrThrow();
      if (coupon.perCustomerLimit !== null) {
        const used = await trx
          .selectFrom('coupon_redemptions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', tenantId)
          .where('coupon_id', '=', coupon.id)
          .where('customer_id', '=', sale.customerId)
          .executeTakeFirstOrThrow();
        if (Number(used.n) >= coupon.perCustomerLimit)
          throw invalid(field, 'this customer has already used this coupon as often as allowed');
      }
      await trx
        .insertInto('coupon_redemptions')
        .values({
          tenant_id: tenantId,
          coupon_id: coupon.id,
          use_no: row.uses,
          document_id: documentId,
          customer_id: sale.customerId,
          redeemed_at: now,
        })
        .execute();
    }
    const savings = sale.quote.lines.flatMap((line) =>
      line.savings.map((s, seq) => ({
        tenant_id: tenantId,
        document_id: documentId,
        line_no: line.index + 1,
        seq: seq + 1,
        source: s.source,
        source_id: s.id,
        name: s.name,
        saving: s.paise,
        coupon_code: sale.coupons.find((c) => c.offerId === s.id)?.code ?? null,
      })),
    );
    for (let i = 0; i < savings.length; i += 200)
      await trx
        .insertInto('sales_line_savings')
        .values(savings.slice(i, i + 200))
        .execute();
    if (sale.forced.length > 0 || sale.skipped.length > 0)
      await this.audit.record(trx, actor.audit, {
        action: 'offer.override',
        objectType: 'invoice',
        objectId: documentId,
        outcome: 'success',
        details: {
          offerIds: sale.forced,
          savingPaise: sale.forcedSavingPaise,
          skippedOfferIds: sale.skipped,
          approvedBy: approval?.approverId ?? actor.userId,
          approvalId: approval?.approvalId ?? null,
        },
      });
  }
}
