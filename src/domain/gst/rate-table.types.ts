/**
 * The shape of the dated GST rate table: categories that items belong to, and entries that give
 * a category's rule from an effective date. Defaults ship in `rate-table.data.ts`; a shop's
 * corrections are more entries of the same shape (stored by the persistence side).
 */
import type { BasisPoints, Paise } from '../money/money.js';
import type { IsoDate } from './ist-date.js';

/** Identifier of a rate category, e.g. `apparel`, `gst-18`, `salon-service`. */
export type RateCategoryId = string;

/** Where the place of supply of a category's services is decided (IGST Act s.10-12). */
export type PlaceRule = 'default' | 'where-performed';

/** A rate category: what an item is for tax purposes. */
export interface RateCategory {
  readonly id: RateCategoryId;
  readonly name: string;
  /** HSN chapters or SAC codes this category normally covers (a hint for the catalog). */
  readonly hsnHints: readonly string[];
  readonly placeRule: PlaceRule;
}

/** How a line without tax is classified in returns (GSTR-1 table 8). */
export type ZeroSupplyKind = 'nil' | 'exempt' | 'non-gst';

/** The rule for a category from an effective date. */
export type RateRule =
  /** One rate; `cessRate` is compensation cess ad valorem (ended 2025-09-22 / 2026-02-01). */
  | { readonly kind: 'flat'; readonly rate: BasisPoints; readonly cessRate?: BasisPoints }
  /** No GST charged: nil-rated, exempt or outside GST. Billed on a bill of supply. */
  | { readonly kind: 'zero'; readonly supply: ZeroSupplyKind }
  /**
   * Rate decided per piece by value (apparel, footwear): `lowRate` up to and including
   * `thresholdPaise` per piece, `highRate` above.
   */
  | {
      readonly kind: 'per-piece-threshold';
      readonly thresholdPaise: Paise;
      readonly lowRate: BasisPoints;
      readonly highRate: BasisPoints;
    }
  /** The category has no rate from this date (e.g. the 12 and 28 percent slabs after GST 2.0). */
  | { readonly kind: 'withdrawn' };

/** One dated entry of the rate table. */
export interface RateEntry {
  readonly category: RateCategoryId;
  /** First IST date on which the rule applies. */
  readonly effectiveFrom: IsoDate;
  readonly rule: RateRule;
  /** False for facts marked (unverified): the UI shows "check with your CA". */
  readonly verified: boolean;
  /** The notification or note the entry comes from. */
  readonly source: string;
  /** `shop` for a shop's own correction, which wins over a default of the same date. */
  readonly origin?: 'default' | 'shop';
}

/** The entry found for a category on a date, as the pricing records it on each line. */
export interface ResolvedRate {
  readonly category: RateCategory;
  readonly entry: RateEntry;
}
