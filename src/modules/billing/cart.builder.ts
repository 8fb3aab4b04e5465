/**
 * From a checkout request to the engine's cart: catalog variants found by id or barcode, the
 * store's registration and the shop's pricing policy, the buyer, the date in IST. Also decides
 * what of the buyer a document must record (CGST Rule 46): a registered buyer's GSTIN, name and
 * address; an unregistered buyer's name and address only from Rs 50,000 of taxable value.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import {
  isExport,
  type CartInput,
  type CartLineInput,
  type PricedDocument,
  type PricingPolicy,
} from '../../domain/gst/index.js';
import { findSellable, type SellableRow } from '../catalog/item.repository.js';
import type { DocumentBuyer } from '../customers/customer.service.js';
import type { BillingSettings, StoreProfile } from './billing-settings.schemas.js';
import type { CartLine, CheckoutInput } from './checkout.schemas.js';
import type { BuyerSnapshot } from './document-crypto.js';

/** Taxable value from which an unregistered buyer's name and address must be on the invoice. */
export const B2C_DETAILS_THRESHOLD_PAISE = 50_000_00;

/** The printed description of a variant: `Cotton shirt (M, Blue)`. */
export function describeVariant(row: SellableRow): string {
  const attrs = [row.size, row.colour].filter((a): a is string => a !== null && a !== '');
  return attrs.length === 0 ? row.name : `${row.name} (${attrs.join(', ')})`;
}

/** The catalog rows of the cart's lines, in line order. */
export async function resolveLines(
  db: Kysely<Database>,
  tenantId: string,
  lines: readonly CartLine[],
): Promise<SellableRow[]> {
  const found = await findSellable(db, tenantId, {
    ids: lines.flatMap((l) => (l.variantId === undefined ? [] : [l.variantId])),
    barcodes: lines.flatMap((l) => (l.barcode === undefined ? [] : [l.barcode])),
  });
  const byId = new Map(found.map((r) => [r.id, r]));
  const byBarcode = new Map(found.flatMap((r) => (r.barcode === null ? [] : [[r.barcode, r] as const])));
  return lines.map((line, i) => {
    const row = line.variantId !== undefined ? byId.get(line.variantId) : byBarcode.get(line.barcode ?? '');
    const field = `lines.${i}.${line.variantId !== undefined ? 'variantId' : 'barcode'}`;
    if (row === undefined) throw invalid(field, 'no such item in the catalog');
    if (row.active !== 1 || row.item_active !== 1) throw invalid(field, 'this item is no longer sold');
    return row;
  });
}

/**
 * The engine's cart line for a catalog row (whether a changed price or a discount is allowed is
 * the discount policy's question, asked before).
 */
export function cartLineOf(row: SellableRow, line: CartLine): CartLineInput {
  const discounted = (line.discountPaise ?? 0) > 0;
  return {
    itemId: row.id,
    description: describeVariant(row),
    hsnSac: row.hsn_sac,
    rateCategory: row.rate_category,
    quantity: line.quantity,
    unit: row.uqc,
    unitPricePaise: line.unitPricePaise ?? row.price,
    priceIncludesTax: row.price_includes_tax === 1,
    ...(discounted ? { discountPaise: line.discountPaise } : {}),
  };
}

export function pricingPolicyOf(settings: BillingSettings): PricingPolicy {
  return {
    inclusiveBand: settings.inclusiveBand,
    thresholdBasis: settings.thresholdBasis,
    roundOff: settings.roundOff,
  };
}

/** The engine's cart for a checkout. */
export function cartOf(
  input: Pick<CheckoutInput, 'delivery' | 'supplyType'>,
  lines: readonly CartLineInput[],
  context: { date: string; profile: StoreProfile; settings: BillingSettings; buyer: DocumentBuyer | null },
): CartInput {
  return {
    documentDate: context.date,
    supplier: { stateCode: context.profile.stateCode, registration: context.profile.registration },
    buyer: context.buyer === null ? null : { gstin: context.buyer.gstin, stateCode: context.buyer.stateCode },
    ...(input.delivery === undefined
      ? {}
      : { delivery: { kind: 'delivered', stateCode: input.delivery.stateCode } }),
    ...(input.supplyType === undefined ? {} : { supplyType: input.supplyType }),
    policy: pricingPolicyOf(context.settings),
    lines,
  };
}

/** What the document records of the buyer; refuses a sale that lacks what the law requires. */
export function buyerSnapshot(priced: PricedDocument, buyer: DocumentBuyer | null): BuyerSnapshot {
  // An export invoice names the overseas buyer (Rule 46(e)); there is no GSTIN or Indian state.
  if (isExport(priced.supplyType)) {
    if (buyer === null)
      throw invalid('customerId', 'an export invoice names the buyer abroad: choose or add the customer');
    return { gstin: null, name: buyer.name, address: buyer.address, stateCode: null };
  }
  const needsDetails =
    priced.buyerGstin !== null || priced.totals.taxablePaise >= B2C_DETAILS_THRESHOLD_PAISE;
  if (buyer === null) {
    if (needsDetails)
      throw invalid(
        'customerId',
        "a sale of Rs 50,000 or more to an unregistered buyer shows the buyer's name and address: choose or add the customer",
      );
    return { gstin: null, name: null, address: null, stateCode: null };
  }
  if (!needsDetails) return { gstin: null, name: null, address: null, stateCode: buyer.stateCode };
  if (buyer.address === null)
    throw invalid('customerId', "add the customer's address first: this invoice must show it");
  return { gstin: priced.buyerGstin, name: buyer.name, address: buyer.address, stateCode: buyer.stateCode };
}
