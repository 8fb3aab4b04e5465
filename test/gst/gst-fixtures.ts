/** Cart builders for the GST engine tests (fake data only). */
import {
  DEFAULT_PRICING_POLICY,
  type CartInput,
  type CartLineInput,
  type PricingPolicy,
} from '../../src/domain/gst/index.js';

/** A line of apparel (HSN 6205, shirts) at a price in paise. */
export function shirt(unitPricePaise: number, overrides: Partial<CartLineInput> = {}): CartLineInput {
  return {
    description: 'Cotton shirt',
    hsnSac: '6205',
    rateCategory: 'apparel',
    quantity: 1,
    unit: 'PCS',
    unitPricePaise,
    priceIncludesTax: true,
    ...overrides,
  };
}

/** A cart from a Maharashtra store (27) on a date after GST 2.0, sold at the counter. */
export function cart(
  lines: CartLineInput[],
  overrides: Partial<CartInput> = {},
  policy: Partial<PricingPolicy> = {},
): CartInput {
  return {
    documentDate: '2026-01-15',
    supplier: { stateCode: '27', registration: 'regular' },
    policy: { ...DEFAULT_PRICING_POLICY, ...policy },
    lines,
    ...overrides,
  };
}

/** A valid GSTIN of a (fake) Karnataka buyer. */
export const KARNATAKA_BUYER = '29AAQCA8719H1Z2';
