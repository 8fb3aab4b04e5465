/**
 * Input and output of the pricing engine (`priceCart`): a cart as checkout sends it, and the
 * priced document with its tax heads, totals and round-off, ready to store and print.
 */
import type { BasisPoints, Paise } from '../money/money.js';
import type { IsoDate } from './ist-date.js';
import type { RateCategoryId, RateEntry, ZeroSupplyKind } from './rate-table.types.js';
import type { StateCode } from './states.js';
import type { SupplyType } from './supply-type.js';
import type { TaxRegime, TaxHeads } from './tax-heads.js';

/** How the supplier is registered: composition dealers issue bills of supply and collect no tax. */
export type SupplierRegistration = 'regular' | 'composition';

/**
 * What the shop does with a tax-inclusive price in the band where neither slab of a per-piece
 * threshold fits consistently (about Rs 2,625 to 2,950 at 5/18 percent): apply the higher rate
 * (never under-collects tax; the default), the lower rate, or refuse the line so the price is
 * changed.
 */
export type InclusiveBandPolicy = 'higher-rate' | 'lower-rate' | 'refuse';

/**
 * What the per-piece threshold is compared with: the taxable value per piece (value before tax,
 * the reading GST-FACTS prefers, still unverified) or the price per piece including tax.
 */
export type ThresholdBasis = 'taxable-value' | 'price-with-tax';

/** A shop's pricing settings. */
export interface PricingPolicy {
  readonly inclusiveBand: InclusiveBandPolicy;
  readonly thresholdBasis: ThresholdBasis;
  /** `rupee`: round the invoice total to the nearest rupee and show the round-off; `none`: don't. */
  readonly roundOff: 'rupee' | 'none';
}

/** The default policy: higher rate in the band, threshold on taxable value, round to the rupee. */
export const DEFAULT_PRICING_POLICY: PricingPolicy = {
  inclusiveBand: 'higher-rate',
  thresholdBasis: 'taxable-value',
  roundOff: 'rupee',
};

/** One cart line. Prices are per unit of `unit`; discounts are for the whole line. */
export interface CartLineInput {
  /** The catalog item (or variant) id, carried through to the priced line; not used for tax. */
  readonly itemId?: string;
  readonly description: string;
  /** HSN (goods) or SAC (services, starting with 99): 4, 6 or 8 digits. */
  readonly hsnSac: string;
  readonly rateCategory: RateCategoryId;
  /** Positive, at most 3 decimals (1, 2.5, 0.125). Per-piece thresholds treat it as pieces. */
  readonly quantity: number;
  /** Unit quantity code (UQC), e.g. `PCS`, `KGS`, `NOS`, `OTH` for services. */
  readonly unit: string;
  /** Price of one unit in paise, inclusive or exclusive of GST per `priceIncludesTax`. */
  readonly unitPricePaise: Paise;
  readonly priceIncludesTax: boolean;
  /** Discount on the whole line in paise, in the same terms as the price (with or without tax). */
  readonly discountPaise?: Paise;
  /**
   * The rate of the mixed supply this line is part of (CGST Act s.8(b): items sold together for
   * one price, such as buy X get Y, are taxed at the highest rate among them); replaces the
   * line's own rate when the line is taxable.
   */
  readonly mixedSupplyRate?: BasisPoints;
}

/** Where goods go: sold at the counter (place of supply = the shop) or delivered to a state. */
export type Delivery =
  { readonly kind: 'counter' } | { readonly kind: 'delivered'; readonly stateCode: StateCode };

/** A cart to price. */
export interface CartInput {
  /** The document date in IST: decides the rates in force. */
  readonly documentDate: IsoDate;
  readonly supplier: {
    /** The billing store's state (its GSTIN's first two digits). */
    readonly stateCode: StateCode;
    readonly registration: SupplierRegistration;
  };
  /** The buyer: none for a walk-in. A GSTIN makes the sale B2B and gives the buyer's state. */
  readonly buyer?: {
    readonly gstin?: string | null;
    /** State of the buyer's address on record (used when there is no GSTIN). */
    readonly stateCode?: StateCode | null;
  } | null;
  /** Default: counter sale. */
  readonly delivery?: Delivery;
  /** Where services with a `where-performed` rule (salon) are performed; default: the store. */
  readonly servicePerformedStateCode?: StateCode;
  /**
   * Default `regular`. SEZ supplies need the SEZ unit's GSTIN and carry IGST even within the
   * state; exports have place of supply 96 (Other Countries); without payment, every taxable
   * line keeps its rate with no tax (zero-rated under bond or LUT).
   */
  readonly supplyType?: SupplyType;
  readonly policy: PricingPolicy;
  readonly lines: readonly CartLineInput[];
}

/** The kind of document a sale needs (CGST Rules 46, 46A, 49). */
export type DocumentKind = 'tax-invoice' | 'bill-of-supply' | 'invoice-cum-bill-of-supply';

/** How a priced line is treated for tax. */
export type LineSupply = 'taxable' | ZeroSupplyKind;

/** Something the cashier or accountant should know about a priced line. */
export interface PricingNote {
  readonly line: number;
  readonly code: 'unverified-rate' | 'inclusive-band-higher-rate' | 'inclusive-band-lower-rate';
  readonly message: string;
}

/** A line with its taxable value and tax heads. Shared by priced carts and issued documents. */
export interface TaxedLine {
  readonly description: string;
  readonly hsnSac: string;
  readonly isService: boolean;
  readonly quantity: number;
  readonly unit: string;
  /** The unit price as entered, and whether it includes tax. */
  readonly unitPricePaise: Paise;
  readonly priceIncludesTax: boolean;
  /** Unit price before tax (for inclusive prices: derived, rounded to paise). */
  readonly unitPriceExclusivePaise: Paise;
  /** Value before tax and before discount (e-invoice `TotAmt`). */
  readonly grossPaise: Paise;
  /** Discount before tax (e-invoice `Discount`). */
  readonly discountPaise: Paise;
  /** Taxable value after discount: gross - discount (e-invoice `AssAmt`). */
  readonly taxablePaise: Paise;
  readonly supply: LineSupply;
  /** GST rate applied (0 for nil, exempt, non-GST and composition bills). */
  readonly rate: BasisPoints;
  readonly cessRate: BasisPoints;
  readonly taxes: TaxHeads;
  /** Taxable value plus every tax head (e-invoice `TotItemVal`). */
  readonly totalPaise: Paise;
}

/** A priced cart line. */
export interface PricedLine extends TaxedLine {
  /** Position in the cart, from 0. */
  readonly index: number;
  readonly itemId?: string;
  readonly rateCategory: RateCategoryId;
  /** The rate-table entry used, so the document records which rule applied. */
  readonly rateEntry: RateEntry;
}

/** Document totals. `exactTotal` = taxable + every head; `total` = exactTotal + roundOff. */
export interface DocumentTotals {
  readonly grossPaise: Paise;
  readonly discountPaise: Paise;
  readonly taxablePaise: Paise;
  readonly taxes: TaxHeads;
  readonly taxPaise: Paise;
  readonly exactTotalPaise: Paise;
  /** Between -99 and +99 paise (in practice -50..+49 with rupee rounding). */
  readonly roundOffPaise: Paise;
  readonly totalPaise: Paise;
}

/** One row of the rate-wise tax summary printed on invoices. */
export interface RateSummaryRow {
  readonly rate: BasisPoints;
  readonly supply: LineSupply;
  readonly taxablePaise: Paise;
  readonly taxes: TaxHeads;
}

/** The result of pricing a cart. */
export interface PricedDocument {
  readonly kind: DocumentKind;
  readonly documentDate: IsoDate;
  readonly supplierStateCode: StateCode;
  readonly registration: SupplierRegistration;
  /** The buyer's GSTIN, normalised, when the sale is B2B. */
  readonly buyerGstin: string | null;
  readonly placeOfSupply: StateCode;
  /** Intra-state when the supplier's state is the place of supply. */
  readonly interState: boolean;
  readonly regime: TaxRegime;
  readonly supplyType: SupplyType;
  /** Retail sales are never under reverse charge; kept for the Rule 46 field. */
  readonly reverseCharge: false;
  readonly lines: readonly PricedLine[];
  readonly totals: DocumentTotals;
  readonly rateSummary: readonly RateSummaryRow[];
  readonly notes: readonly PricingNote[];
}
