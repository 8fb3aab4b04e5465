/**
 * Price lists, offers and coupons (server: /api/v1/price-lists, /offers, /coupons,
 * /offers/calendar, /reports/offers). Times go out as IST to the minute (`2026-11-20T10:00`)
 * and come back as UTC instants. Types come from the server's own definitions.
 */
import type {
  CouponInput,
  CouponView,
  OfferInput,
  OfferReportRow,
  OfferView,
  PriceListInput,
  PriceListView,
} from '../../../src/modules/offers/offer.schemas';
import { api } from './api-client';

export type { CouponView, OfferReportRow, OfferView, PriceListView };

/** Request bodies as typed on screen (the server fills its defaults). */
export type OfferRequest = Omit<OfferInput, 'storeId' | 'customerGroup' | 'priority'> &
  Partial<Pick<OfferInput, 'storeId' | 'customerGroup' | 'priority'>>;
export type PriceListRequest = Omit<PriceListInput, 'storeId' | 'customerGroup'> &
  Partial<Pick<PriceListInput, 'storeId' | 'customerGroup'>>;
export type CouponRequest = Omit<CouponInput, 'maxUses' | 'perCustomerLimit' | 'minBillPaise'> &
  Partial<Pick<CouponInput, 'maxUses' | 'perCustomerLimit' | 'minBillPaise'>>;

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

export type RunStatus = 'active' | 'paused';

const id = encodeURIComponent;

export const offersApi = {
  offers: async () => (await api<{ offers: OfferView[] }>('GET', '/offers')).offers,
  createOffer: (body: OfferRequest) => api<OfferView>('POST', '/offers', body),
  updateOffer: (offerId: string, body: OfferRequest) => api<OfferView>('PUT', `/offers/${id(offerId)}`, body),
  setOfferStatus: (offerId: string, status: RunStatus) =>
    api<OfferView>('PATCH', `/offers/${id(offerId)}`, { status }),
  copyOffer: (offerId: string) => api<OfferView>('POST', `/offers/${id(offerId)}/copy`),

  priceLists: async () => (await api<{ priceLists: PriceListView[] }>('GET', '/price-lists')).priceLists,
  createPriceList: (body: PriceListRequest) => api<PriceListView>('POST', '/price-lists', body),
  updatePriceList: (listId: string, body: PriceListRequest) =>
    api<PriceListView>('PUT', `/price-lists/${id(listId)}`, body),
  setPriceListStatus: (listId: string, status: RunStatus) =>
    api<PriceListView>('PATCH', `/price-lists/${id(listId)}`, { status }),
  copyPriceList: (listId: string) => api<PriceListView>('POST', `/price-lists/${id(listId)}/copy`),

  coupons: async () => (await api<{ coupons: CouponView[] }>('GET', '/coupons')).coupons,
  createCoupon: (body: CouponRequest) => api<CouponView>('POST', '/coupons', body),
  setCouponStatus: (couponId: string, status: RunStatus) =>
    api<CouponView>('PATCH', `/coupons/${id(couponId)}`, { status }),

  calendar: async (from: string, to: string) =>
    (await api<{ entries: CalendarEntry[] }>('GET', `/offers/calendar?from=${id(from)}&to=${id(to)}`))
      .entries,
  report: async (from: string, to: string) =>
    (await api<{ rows: OfferReportRow[] }>('GET', `/reports/offers?from=${id(from)}&to=${id(to)}`)).rows,
};
