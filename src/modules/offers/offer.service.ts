/**
 * Price lists, offers and coupons in the back office: create, change, schedule, pause, copy;
 * a calendar of what runs when; the offer report (uses, revenue, discount by store and day);
 * customers' groups. Every change is audited and drops the tenant's cached offers.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { formatRupees } from '../../domain/money/money.js';
import { newId } from '../../domain/ids.js';
import type { Offer, PriceList } from '../../domain/offers/index.js';
import { requireActorPermission, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { BillingContextCache } from '../billing/billing-context.js';
import {
  loadOffers,
  loadPriceLists,
  toCouponView,
  toOfferView,
  toPriceListView,
  writeOffer,
  writePriceList,
} from './offer.repository.js';
import type {
  CouponInput,
  CouponView,
  OfferInput,
  OfferReportRow,
  OfferView,
  PriceListInput,
  PriceListView,
} from './offer.schemas.js';

export interface CalendarEntry {
  type: 'price-list' | 'offer';
  id: string;
  name: string;
  kind: string;
  startsAt: string;
  endsAt: string | null;
  status: 'active' | 'paused';
  storeId: string | null;
}

export class OfferService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      cache: BillingContextCache;
    },
  ) {}

  // --- price lists ---

  async listPriceLists(actor: ServiceActor): Promise<PriceListView[]> {
    return (await loadPriceLists(this.deps.db, actor.tenantId)).map(toPriceListView);
  }

  async getPriceList(actor: ServiceActor, id: string): Promise<PriceListView> {
    return toPriceListView(await this.#priceList(actor.tenantId, id));
  }

  async createPriceList(actor: ServiceActor, input: PriceListInput): Promise<PriceListView> {
    const list: PriceList = { id: newId(), ...input, active: true };
    await this.#checkMrp(actor.tenantId, list);
    await this.#write(actor, 'price_list.create', 'price_list', list.id, (trx, now) =>
      writePriceList(trx, actor.tenantId, list, now, false),
    );
    return toPriceListView(list);
  }

  async updatePriceList(actor: ServiceActor, id: string, input: PriceListInput): Promise<PriceListView> {
    const before = await this.#priceList(actor.tenantId, id);
    const list: PriceList = { id, ...input, active: before.active };
    await this.#checkMrp(actor.tenantId, list);
    await this.#write(actor, 'price_list.change', 'price_list', id, (trx, now) =>
      writePriceList(trx, actor.tenantId, list, now, true),
    );
    return toPriceListView(list);
  }

  async setPriceListStatus(
    actor: ServiceActor,
    id: string,
    status: 'active' | 'paused',
  ): Promise<PriceListView> {
    const list = { ...(await this.#priceList(actor.tenantId, id)), active: status === 'active' };
    await this.#write(
      actor,
      status === 'active' ? 'price_list.resume' : 'price_list.pause',
      'price_list',
      id,
      (trx, now) =>
        trx
          .updateTable('price_lists')
          .set({ status, updated_at: now })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .execute(),
    );
    return toPriceListView(list);
  }

  /** A copy, paused, to reschedule (next season's sale from this one). */
  async copyPriceList(actor: ServiceActor, id: string): Promise<PriceListView> {
    const from = await this.#priceList(actor.tenantId, id);
    const list: PriceList = { ...from, id: newId(), name: copyName(from.name), active: false };
    await this.#write(actor, 'price_list.create', 'price_list', list.id, (trx, now) =>
      writePriceList(trx, actor.tenantId, list, now, false),
    );
    return toPriceListView(list);
  }

  // --- offers ---

  async listOffers(actor: ServiceActor): Promise<OfferView[]> {
    return (await loadOffers(this.deps.db, actor.tenantId)).map(toOfferView);
  }

  async getOffer(actor: ServiceActor, id: string): Promise<OfferView> {
    return toOfferView(await this.#offer(actor.tenantId, id));
  }

  async createOffer(actor: ServiceActor, input: OfferInput): Promise<OfferView> {
    const offer: Offer = { id: newId(), ...input, active: true };
    await this.#write(actor, 'offer.create', 'offer', offer.id, (trx, now) =>
      writeOffer(trx, actor.tenantId, offer, now, false),
    );
    return toOfferView(offer);
  }

  async updateOffer(actor: ServiceActor, id: string, input: OfferInput): Promise<OfferView> {
    const before = await this.#offer(actor.tenantId, id);
    const offer: Offer = { id, ...input, active: before.active };
    await this.#write(actor, 'offer.change', 'offer', id, (trx, now) =>
      writeOffer(trx, actor.tenantId, offer, now, true),
    );
    return toOfferView(offer);
  }

  async setOfferStatus(actor: ServiceActor, id: string, status: 'active' | 'paused'): Promise<OfferView> {
    const offer = { ...(await this.#offer(actor.tenantId, id)), active: status === 'active' };
    await this.#write(actor, status === 'active' ? 'offer.resume' : 'offer.pause', 'offer', id, (trx, now) =>
      trx
        .updateTable('offers')
        .set({ status, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute(),
    );
    return toOfferView(offer);
  }

  async copyOffer(actor: ServiceActor, id: string): Promise<OfferView> {
    const from = await this.#offer(actor.tenantId, id);
    const offer: Offer = { ...from, id: newId(), name: copyName(from.name), active: false };
    await this.#write(actor, 'offer.create', 'offer', offer.id, (trx, now) =>
      writeOffer(trx, actor.tenantId, offer, now, false),
    );
    return toOfferView(offer);
  }

  // --- coupons ---

  async listCoupons(actor: ServiceActor, offerId?: string): Promise<CouponView[]> {
    let query = this.deps.db.selectFrom('coupons').selectAll().where('tenant_id', '=', actor.tenantId);
    if (offerId !== undefined) query = query.where('offer_id', '=', offerId);
    return (await query.orderBy('code').execute()).map(toCouponView);
  }

  async createCoupon(actor: ServiceActor, input: CouponInput): Promise<CouponView> {
    const offer = await this.#offer(actor.tenantId, input.offerId).catch(() => {
      throw invalid('offerId', 'no such offer');
    });
    if (!offer.couponRequired)
      throw invalid('offerId', 'this offer applies without a coupon: make it need one first');
    const row = {
      tenant_id: actor.tenantId,
      id: newId(),
      code: input.code,
      offer_id: input.offerId,
      max_uses: input.maxUses,
      per_customer_limit: input.perCustomerLimit,
      min_bill: input.minBillPaise,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      uses: 0,
      status: 'active',
      created_at: this.deps.clock.now().toISOString(),
    };
    const taken = await this.deps.db
      .selectFrom('coupons')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (taken !== undefined) throw new AppError('conflict', 'a coupon with this code exists', 'code');
    await this.#write(actor, 'coupon.create', 'coupon', row.id, (trx) =>
      trx.insertInto('coupons').values(row).execute(),
    );
    return toCouponView(row);
  }

  async setCouponStatus(actor: ServiceActor, id: string, status: 'active' | 'paused'): Promise<CouponView> {
    await this.#write(
      actor,
      status === 'active' ? 'coupon.resume' : 'coupon.pause',
      'coupon',
      id,
      async (trx) => {
        const r = await trx
          .updateTable('coupons')
          .set({ status })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw notFound('coupon');
      },
    );
    const row = await this.deps.db
      .selectFrom('coupons')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return toCouponView(row);
  }

  // --- calendar, report, customer groups ---

  /** What runs between two instants (overlapping the range), by start. */
  async calendar(actor: ServiceActor, from: string, to: string): Promise<CalendarEntry[]> {
    const overlaps = (s: { startsAt: string; endsAt: string | null }) =>
      Date.parse(s.startsAt) < Date.parse(to) &&
      (s.endsAt === null || Date.parse(s.endsAt) > Date.parse(from));
    const [lists, offers] = await Promise.all([
      loadPriceLists(this.deps.db, actor.tenantId),
      loadOffers(this.deps.db, actor.tenantId),
    ]);
    const entries: CalendarEntry[] = [
      ...lists.filter(overlaps).map((l) => ({
        type: 'price-list' as const,
        id: l.id,
        name: l.name,
        kind: 'price-list',
        startsAt: l.startsAt,
        endsAt: l.endsAt,
        status: l.active ? ('active' as const) : ('paused' as const),
        storeId: l.storeId,
      })),
      ...offers.filter(overlaps).map((o) => ({
        type: 'offer' as const,
        id: o.id,
        name: o.name,
        kind: o.rule.kind,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        status: o.active ? ('active' as const) : ('paused' as const),
        storeId: o.storeId,
      })),
    ];
    return entries.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  }

  /**
   * Per IST day, store and price list or offer: the invoices that used it, the value of the lines
   * it applied to (what the customer paid for them) and the discount it gave. Cancelled invoices
   * do not count.
   */
  async report(
    actor: ServiceActor,
    query: { from: string; to: string; storeId?: string },
  ): Promise<OfferReportRow[]> {
    requireActorPermission(actor, 'report.sales', 'the offer report');
    let q = this.deps.db
      .selectFrom('sales_line_savings as s')
      .innerJoin('sales_documents as d', (j) =>
        j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.document_id'),
      )
      .innerJoin('sales_document_lines as l', (j) =>
        j
          .onRef('l.tenant_id', '=', 's.tenant_id')
          .onRef('l.document_id', '=', 's.document_id')
          .onRef('l.line_no', '=', 's.line_no'),
      )
      .leftJoin('sales_cancellations as c', (j) =>
        j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.document_id', '=', 'd.id'),
      )
      .select([
        'd.doc_date',
        'd.store_id',
        's.source',
        's.source_id',
        's.name',
        sql<number>`count(distinct s.document_id)`.as('uses'),
        sql<number>`sum(l.total)`.as('revenue'),
        sql<number>`sum(s.saving)`.as('discount'),
      ])
      .where('s.tenant_id', '=', actor.tenantId)
      .where('d.doc_type', '=', 'invoice')
      .where('c.document_id', 'is', null)
      .where('d.doc_date', '>=', query.from)
      .where('d.doc_date', '<=', query.to);
    if (query.storeId !== undefined) q = q.where('d.store_id', '=', query.storeId);
    const stores = actor.auth?.storeIds ?? 'all';
    if (stores !== 'all') q = q.where('d.store_id', 'in', [...stores, '']);
    const rows = await q
      .groupBy(['d.doc_date', 'd.store_id', 's.source', 's.source_id', 's.name'])
      .orderBy('d.doc_date')
      .orderBy('d.store_id')
      .orderBy('s.name')
      .orderBy('s.source_id')
      .execute();
    return rows.map((r) => ({
      date: r.doc_date,
      storeId: r.store_id,
      source: r.source === 'price-list' ? 'price-list' : 'offer',
      id: r.source_id,
      name: r.name,
      uses: Number(r.uses),
      revenuePaise: Number(r.revenue),
      discountPaise: Number(r.discount),
    }));
  }

  /** Puts a customer in a group (member-only offers and price lists), or takes them out (null). */
  async setCustomerGroup(actor: ServiceActor, customerId: string, group: string | null): Promise<void> {
    await this.#write(actor, 'customer.group.change', 'customer', customerId, async (trx, now) => {
      const r = await trx
        .updateTable('customers')
        .set({ customer_group: group, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', customerId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw notFound('customer');
    });
  }

  async #priceList(tenantId: string, id: string): Promise<PriceList> {
    const [list] = await loadPriceLists(this.deps.db, tenantId, { id });
    if (list === undefined) throw notFound('price list');
    return list;
  }

  async #offer(tenantId: string, id: string): Promise<Offer> {
    const [offer] = await loadOffers(this.deps.db, tenantId, { id });
    if (offer === undefined) throw notFound('offer');
    return offer;
  }

  /** A fixed price for an item or variant above its MRP is refused when the list is saved. */
  async #checkMrp(tenantId: string, list: PriceList): Promise<void> {
    const fixed = list.entries
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => e.method === 'fixed' && (e.target.kind === 'item' || e.target.kind === 'variant'));
    if (fixed.length === 0) return;
    const ids = [...new Set(fixed.map(({ e }) => e.target.value))];
    const variants = await this.deps.db
      .selectFrom('item_variants')
      .select(['id', 'item_id', 'mrp'])
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('id', 'in', ids), eb('item_id', 'in', ids)]))
      .execute();
    for (const { e, i } of fixed) {
      const field = `entries.${i}`;
      const matching = variants.filter(
        (v) => (e.target.kind === 'variant' ? v.id : v.item_id) === e.target.value,
      );
      if (matching.length === 0) throw invalid(`${field}.target.value`, `no such ${e.target.kind}`);
      const lowest = Math.min(...matching.map((v) => v.mrp ?? Number.MAX_SAFE_INTEGER));
      if (e.value > lowest)
        throw invalid(
          `${field}.value`,
          `Rs ${formatRupees(e.value)} is above the MRP of Rs ${formatRupees(lowest)}: a sale above the MRP is not allowed`,
        );
    }
  }

  async #write(
    actor: ServiceActor,
    action: string,
    objectType: string,
    objectId: string,
    change: (trx: Kysely<Database>, now: string) => Promise<unknown>,
  ): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      await change(trx, now);
      await this.deps.audit.record(trx, actor.audit, { action, objectType, objectId, outcome: 'success' });
    });
    this.deps.cache.invalidate(actor.tenantId);
  }
}

function copyName(name: string): string {
  return `${name} (copy)`.slice(0, 80);
}
