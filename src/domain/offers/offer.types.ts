/**
 * Input and output of the offers engine (`quoteOffers`): the cart's lines with the attributes
 * offers select on, the price lists and offers in force, and what the customer saves per line.
 * Amounts are integer paise in the price's own terms (with or without tax, as the item is
 * priced); percentages are basis points (30 % = 3000).
 */
import type { BasisPoints, Paise } from '../money/money.js';

/** What an entry or an offer selects: one item, one variant, or every item of a group. */
export interface Target {
  readonly kind: 'item' | 'variant' | 'category' | 'brand' | 'collection' | 'all';
  /** The id (item, variant) or the name (category, brand, collection); empty for `all`. */
  readonly value: string;
}

/** One cart line as the engine sees it. */
export interface OfferLine {
  readonly variantId: string;
  readonly itemId: string;
  readonly category: string | null;
  readonly brand: string | null;
  readonly collection: string | null;
  /** Positive; whole pieces take part in piece offers (buy X get Y, bundles). */
  readonly quantity: number;
  /** The regular price of one unit (the catalog's, or the one the cashier typed). */
  readonly unitPricePaise: Paise;
  /** The printed maximum retail price of one unit, when the item has one. */
  readonly mrpPaise: Paise | null;
}

/** Who the list or offer is for, where and when (instants ISO UTC; `endsAt` excluded). */
export interface Schedule {
  readonly storeId: string | null;
  readonly customerGroup: string | null;
  readonly startsAt: string;
  readonly endsAt: string | null;
  /** False while paused. */
  readonly active: boolean;
}

export type PriceMethod = 'fixed' | 'percent-off-mrp' | 'percent-off-list';

export interface PriceListEntry {
  readonly target: Target;
  readonly method: PriceMethod;
  /** Paise for `fixed`, basis points for the percentages. */
  readonly value: number;
}

export interface PriceList extends Schedule {
  readonly id: string;
  readonly name: string;
  /** Higher wins where lists overlap. */
  readonly priority: number;
  readonly entries: readonly PriceListEntry[];
}

/**
 * How an offer combines: `best` competes with the other best and exclusive offers on the same
 * pieces (the larger saving wins) and lets stackable offers add; `exclusive` competes the same
 * way and, when it wins, its pieces take no other offer; `stackable` adds on top.
 */
export type Stacking = 'best' | 'exclusive' | 'stackable';

export type OfferRule =
  | { readonly kind: 'percent-off'; readonly targets: readonly Target[]; readonly percentBp: BasisPoints }
  /** Off each piece. */
  | { readonly kind: 'flat-off'; readonly targets: readonly Target[]; readonly amountPaise: Paise }
  /** Buy `buy.quantity` of the buy targets, get `get.quantity` of the get targets (cheapest) at a percentage off (10000: free). */
  | {
      readonly kind: 'buy-x-get-y';
      readonly buy: { readonly targets: readonly Target[]; readonly quantity: number };
      readonly get: {
        readonly targets: readonly Target[];
        readonly quantity: number;
        readonly percentBp: BasisPoints;
      };
    }
  /** `quantity` pieces of the targets for `pricePaise` together (3 for Rs 999). */
  | {
      readonly kind: 'bundle';
      readonly targets: readonly Target[];
      readonly quantity: number;
      readonly pricePaise: Paise;
    }
  /** Spend at least `minBillPaise`, get a percentage or an amount off the bill. */
  | {
      readonly kind: 'bill-threshold';
      readonly minBillPaise: Paise;
      readonly percentBp?: BasisPoints;
      readonly amountPaise?: Paise;
    };

export type OfferKind = OfferRule['kind'];

export interface Offer extends Schedule {
  readonly id: string;
  readonly name: string;
  readonly priority: number;
  readonly stacking: Stacking;
  /** Applies only when one of its coupons is given. */
  readonly couponRequired: boolean;
  readonly rule: OfferRule;
}

/** Where and for whom the cart is priced. */
export interface OfferContext {
  /** The moment of the sale (ISO UTC). */
  readonly at: string;
  readonly storeId: string;
  readonly customerGroup: string | null;
  /** Offers unlocked by a valid coupon, with the coupon's minimum bill (0: none). */
  readonly coupons: ReadonlyMap<string, { readonly code: string; readonly minBillPaise: Paise }>;
  /** Offers the cashier removed from this sale. */
  readonly skip?: ReadonlySet<string>;
}

/** One saving on a line. */
export interface LineSaving {
  readonly source: 'price-list' | 'offer';
  readonly id: string;
  readonly name: string;
  readonly paise: Paise;
}

export interface OfferLineResult {
  readonly index: number;
  /** The unit price the line is billed at before discounts (the regular price, or a list's higher price). */
  readonly unitPricePaise: Paise;
  /** The unit price after the price list. */
  readonly listPricePaise: Paise;
  readonly priceListId: string | null;
  /** Everything taken off the line: price list and offers, in the price's terms. */
  readonly discountPaise: Paise;
  readonly savings: readonly LineSaving[];
}

export interface AppliedOffer {
  readonly id: string;
  readonly name: string;
  readonly kind: OfferKind;
  readonly savingPaise: Paise;
  /** The lines it took from, in order. */
  readonly lines: readonly number[];
  readonly couponCode: string | null;
}

export type NotAppliedReason =
  'add-more' | 'spend-more' | 'members-only' | 'needs-coupon' | 'better-offer' | 'skipped';

/** Why an offer that concerns the cart did not apply ("add 1 more to get 1 free"). */
export interface NotAppliedOffer {
  readonly id: string;
  readonly name: string;
  readonly kind: OfferKind;
  readonly reason: NotAppliedReason;
  /** `add-more`: pieces still needed; `spend-more`: paise still to spend. */
  readonly missing?: number;
  /** `add-more` on buy X get Y: how many would then come at the offer (`get.quantity`). */
  readonly reward?: number;
}

export interface OfferQuote {
  readonly lines: readonly OfferLineResult[];
  readonly applied: readonly AppliedOffer[];
  readonly notApplied: readonly NotAppliedOffer[];
  /** Lines sold together at one price by one offer (buy X get Y, bundles): a mixed supply when their rates differ. */
  readonly groups: readonly (readonly number[])[];
  readonly savingPaise: Paise;
}
