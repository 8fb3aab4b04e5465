/**
 * Reads and writes price lists, offers and coupons, and turns rows into the engine's shapes.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type {
  CouponsTable,
  OffersTable,
  PriceListEntriesTable,
  PriceListsTable,
} from '../../db/tables/offers.tables.js';
import type { Offer, OfferRule, PriceList, PriceMethod, Target } from '../../domain/offers/index.js';
import type { CouponView, OfferView, PriceListView } from './offer.schemas.js';

type ListRow = Selectable<PriceListsTable>;
type EntryRow = Selectable<PriceListEntriesTable>;
type OfferRow = Selectable<OffersTable>;

export function toPriceList(row: ListRow, entries: readonly EntryRow[]): PriceList {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    storeId: row.store_id,
    customerGroup: row.customer_group,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    active: row.status === 'active',
    entries: entries.map((e) => ({
      target: { kind: e.target_kind as Target['kind'], value: e.target_value },
      method: e.method as PriceMethod,
      value: e.value,
    })),
  };
}

export function toPriceListView(list: PriceList): PriceListView {
  return {
    id: list.id,
    name: list.name,
    storeId: list.storeId,
    customerGroup: list.customerGroup,
    startsAt: list.startsAt,
    endsAt: list.endsAt,
    priority: list.priority,
    status: list.active ? 'active' : 'paused',
    entries: list.entries.map((e) => ({ target: { ...e.target }, method: e.method, value: e.value })),
  };
}

export function toOffer(row: OfferRow): Offer {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    stacking: row.stacking as Offer['stacking'],
    couponRequired: row.coupon_required === 1,
    storeId: row.store_id,
    customerGroup: row.customer_group,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    active: row.status === 'active',
    rule: JSON.parse(row.rule_json) as OfferRule,
  };
}

export function toOfferView(offer: Offer): OfferView {
  return {
    id: offer.id,
    name: offer.name,
    storeId: offer.storeId,
    customerGroup: offer.customerGroup,
    startsAt: offer.startsAt,
    endsAt: offer.endsAt,
    priority: offer.priority,
    status: offer.active ? 'active' : 'paused',
    kind: offer.rule.kind,
    stacking: offer.stacking,
    couponRequired: offer.couponRequired,
    rule: { ...offer.rule },
  };
}

/** Price lists, each with its entries in order; `current`: only those not ended by `now`. */
export async function loadPriceLists(
  db: Kysely<Database>,
  tenantId: string,
  filter: { current?: string; id?: string } = {},
): Promise<PriceList[]> {
  let query = db.selectFrom('price_lists').selectAll().where('tenant_id', '=', tenantId);
  if (filter.id !== undefined) query = query.where('id', '=', filter.id);
  if (filter.current !== undefined) {
    const now = filter.current;
    query = query.where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]));
  }
  const lists = await query.orderBy('starts_at').orderBy('id').execute();
  if (lists.length === 0) return [];
  const entries = await db
    .selectFrom('price_list_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(
      'price_list_id',
      'in',
      lists.map((l) => l.id),
    )
    .orderBy('price_list_id')
    .orderBy('position')
    .execute();
  const byList = new Map<string, EntryRow[]>();
  for (const e of entries) {
    const at = byList.get(e.price_list_id);
    if (at === undefined) byList.set(e.price_list_id, [e]);
    else at.push(e);
  }
  return lists.map((l) => toPriceList(l, byList.get(l.id) ?? []));
}

export async function loadOffers(
  db: Kysely<Database>,
  tenantId: string,
  filter: { current?: string; id?: string } = {},
): Promise<Offer[]> {
  let query = db.selectFrom('offers').selectAll().where('tenant_id', '=', tenantId);
  if (filter.id !== undefined) query = query.where('id', '=', filter.id);
  if (filter.current !== undefined) {
    const now = filter.current;
    query = query.where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]));
  }
  const rows = await query.orderBy('starts_at').orderBy('id').execute();
  return rows.map(toOffer);
}

export async function writePriceList(
  trx: Kysely<Database>,
  tenantId: string,
  list: PriceList,
  now: string,
  replace: boolean,
): Promise<void> {
  const row = {
    name: list.name,
    store_id: list.storeId,
    customer_group: list.customerGroup,
    starts_at: list.startsAt,
    ends_at: list.endsAt,
    priority: list.priority,
    status: list.active ? 'active' : 'paused',
    updated_at: now,
  };
  if (replace) {
    await trx
      .updateTable('price_lists')
      .set(row)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', list.id)
      .execute();
    await trx
      .deleteFrom('price_list_entries')
      .where('tenant_id', '=', tenantId)
      .where('price_list_id', '=', list.id)
      .execute();
  } else
    await trx
      .insertInto('price_lists')
      .values({ ...row, tenant_id: tenantId, id: list.id, created_at: now })
      .execute();
  for (let i = 0; i < list.entries.length; i += 200)
    await trx
      .insertInto('price_list_entries')
      .values(
        list.entries.slice(i, i + 200).map((e, k) => ({
          tenant_id: tenantId,
          price_list_id: list.id,
          position: i + k + 1,
          target_kind: e.target.kind,
          target_value: e.target.value,
          method: e.method,
          value: e.value,
        })),
      )
      .execute();
}

export async function writeOffer(
  trx: Kysely<Database>,
  tenantId: string,
  offer: Offer,
  now: string,
  replace: boolean,
): Promise<void> {
  const row = {
    name: offer.name,
    kind: offer.rule.kind,
    rule_json: JSON.stringify(offer.rule),
    stacking: offer.stacking,
    store_id: offer.storeId,
    customer_group: offer.customerGroup,
    starts_at: offer.startsAt,
    ends_at: offer.endsAt,
    priority: offer.priority,
    coupon_required: offer.couponRequired ? 1 : 0,
    status: offer.active ? 'active' : 'paused',
    updated_at: now,
  };
  if (replace)
    await trx
      .updateTable('offers')
      .set(row)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', offer.id)
      .execute();
  else
    await trx
      .insertInto('offers')
      .values({ ...row, tenant_id: tenantId, id: offer.id, created_at: now })
      .execute();
}

export function toCouponView(row: Selectable<CouponsTable>): CouponView {
  return {
    id: row.id,
    code: row.code,
    offerId: row.offer_id,
    maxUses: row.max_uses,
    perCustomerLimit: row.per_customer_limit,
    minBillPaise: row.min_bill,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    uses: row.uses,
    status: row.status === 'paused' ? 'paused' : 'active',
  };
}
