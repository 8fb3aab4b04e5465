/**
 * The pricing engine: a cart in, a priced document out (lines with taxable value, rate and each
 * tax head, totals, round-off to the rupee, rate-wise summary and the kind of document the sale
 * needs). Pure: the rate table and the shop's policy come in as arguments.
 */
import { AppError, invalid } from '../app-error.js';
import { divRoundHalfUp, roundToRupee } from '../money/money.js';
import { quantityInThousandths, validateCart } from './cart-validation.js';
import { validateGstin } from './gstin.js';
import { decideLineRate, exclusiveOf, splitTax } from './line-pricing.js';
import { isServiceCode, placeOfSupply } from './place-of-supply.js';
import type {
  CartInput,
  DocumentKind,
  DocumentTotals,
  PricedDocument,
  PricedLine,
  PricingNote,
} from './pricing.types.js';
import type { RateTable } from './rate-table.js';
import { summariseByRate } from './rate-summary.js';
import { isExport, isSez, isWithoutPayment, isZeroRated, OTHER_COUNTRIES } from './supply-type.js';
import { addTaxHeads, NO_TAX, taxRegimeFor, totalTax, type TaxRegime } from './tax-heads.js';

const NOTE_TEXT: Record<PricingNote['code'], string> = {
  'unverified-rate': 'this rate is marked unverified: check with your CA',
  'inclusive-band-higher-rate': 'price in the inclusive band: the higher rate was applied (shop policy)',
  'inclusive-band-lower-rate': 'price in the inclusive band: the lower rate was applied (shop policy)',
};

function buyerGstinOf(cart: CartInput): { gstin: string; stateCode: string } | null {
  const raw = cart.buyer?.gstin;
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  const result = validateGstin(raw);
  if (!result.valid) throw invalid('buyer.gstin', result.message);
  return { gstin: result.gstin, stateCode: result.stateCode };
}

function documentKindOf(cart: CartInput, lines: readonly PricedLine[], b2b: boolean): DocumentKind {
  if (cart.supplier.registration === 'composition') return 'bill-of-supply';
  const taxable = lines.filter((line) => line.supply === 'taxable').length;
  if (taxable === lines.length) return 'tax-invoice';
  if (taxable === 0) return 'bill-of-supply';
  // Rule 46A allows one invoice-cum-bill of supply only for an unregistered buyer.
  if (b2b)
    throw invalid(
      'lines',
      'a registered buyer needs separate documents for taxable and exempt goods: bill them apart',
    );
  return 'invoice-cum-bill-of-supply';
}

/** The amounts of a line that make up document totals (priced or issued lines alike). */
export type LineAmounts = Pick<PricedLine, 'grossPaise' | 'discountPaise' | 'taxablePaise' | 'taxes'>;

/** Totals of a set of lines, rounded to the rupee when the shop rounds. */
export function sumTotals(
  lines: readonly LineAmounts[],
  roundOff: CartInput['policy']['roundOff'],
): DocumentTotals {
  let gross = 0;
  let discount = 0;
  let taxable = 0;
  let taxes = NO_TAX;
  for (const line of lines) {
    gross += line.grossPaise;
    discount += line.discountPaise;
    taxable += line.taxablePaise;
    taxes = addTaxHeads(taxes, line.taxes);
  }
  const taxPaise = totalTax(taxes);
  const exact = taxable + taxPaise;
  const total = roundOff === 'rupee' ? roundToRupee(exact) : exact;
  return {
    grossPaise: gross,
    discountPaise: discount,
    taxablePaise: taxable,
    taxes,
    taxPaise,
    exactTotalPaise: exact,
    roundOffPaise: total - exact,
    totalPaise: total,
  };
}

/**
 * Prices a cart. Throws `validation_failed` naming the field (`lines.1.quantity`,
 * `buyer.gstin`, `lines` when the places of supply differ or a B2B sale mixes taxable and
 * exempt goods) and `precondition_failed` when a category has no rate on the date.
 */
export function priceCart(cart: CartInput, rates: RateTable): PricedDocument {
  validateCart(cart);
  const buyer = buyerGstinOf(cart);
  const supplierState = cart.supplier.stateCode;
  const delivery = cart.delivery ?? { kind: 'counter' };
  const composition = cart.supplier.registration === 'composition';
  const notes: PricingNote[] = [];
  const supplyType = cart.supplyType ?? 'regular';
  const zeroRated = isZeroRated(supplyType);
  if (zeroRated && composition)
    throw invalid('supplyType', 'a composition dealer cannot make exports or supplies to an SEZ');
  if (isSez(supplyType) && buyer === null)
    throw new AppError(
      'validation_failed',
      'a supply to an SEZ needs the SEZ unit or developer as the customer, with its GSTIN',
      'supplyType',
      { reason: 'sez-buyer-needed' },
    );
  if (isExport(supplyType) && buyer !== null)
    throw new AppError(
      'validation_failed',
      'an export is to a buyer outside India, who has no GSTIN',
      'supplyType',
      { reason: 'export-buyer-registered' },
    );

  const resolved = cart.lines.map((line, index) => {
    const field = `lines.${index}`;
    const rate = rates.resolve(line.rateCategory, cart.documentDate, `${field}.rateCategory`);
    const isService = isServiceCode(line.hsnSac);
    const pos = placeOfSupply({
      supplierStateCode: supplierState,
      isService,
      placeRule: rate.category.placeRule,
      registeredBuyerStateCode: buyer?.stateCode,
      buyerAddressStateCode: cart.buyer?.stateCode,
      delivery,
      servicePerformedStateCode: cart.servicePerformedStateCode,
    });
    return { line, index, field, rate, isService, pos };
  });
  // An export's place of supply is outside India; an SEZ unit's is its own state (from its GSTIN).
  const pos = isExport(supplyType)
    ? OTHER_COUNTRIES
    : isSez(supplyType) && buyer !== null
      ? buyer.stateCode
      : (resolved[0]?.pos ?? supplierState);
  if (!zeroRated && resolved.some((r) => r.pos !== pos))
    throw invalid('lines', 'these lines have different places of supply: bill them on separate documents');
  // Zero-rated supplies are inter-state (IGST Act s.7(5)): IGST even to an SEZ in the same state.
  const regime: TaxRegime = composition ? 'none' : zeroRated ? 'igst' : taxRegimeFor(supplierState, pos);
  // Without payment (bond or LUT) the line keeps its rate and carries no tax.
  const withoutPayment = isWithoutPayment(supplyType);

  const lines = resolved.map(({ line, index, field, rate, isService }): PricedLine => {
    const quantityMilli = quantityInThousandths(line.quantity, `${field}.quantity`);
    const gross = divRoundHalfUp(BigInt(line.unitPricePaise) * BigInt(quantityMilli), 1000n);
    const discount = line.discountPaise ?? 0;
    if (discount > gross) throw invalid(`${field}.discountPaise`, 'must not exceed the line value');
    const net = gross - discount;
    const amounts = { quantityMilli, netPaise: net, priceIncludesTax: line.priceIncludesTax };
    const decided = decideLineRate(rate.entry.rule, amounts, cart.policy, `${field}.unitPricePaise`);
    const ownRate = decided.supply === 'taxable' ? (line.mixedSupplyRate ?? decided.rate) : decided.rate;
    const lineRate = composition ? 0 : ownRate;
    const cessRate = composition ? 0 : decided.cessRate;
    const lineRegime = decided.supply === 'taxable' && !withoutPayment ? regime : 'none';
    const { taxable, taxes } = splitTax(net, line.priceIncludesTax, lineRate, cessRate, lineRegime);
    if (decided.note !== undefined)
      notes.push({ line: index, code: decided.note, message: NOTE_TEXT[decided.note] });
    if (!rate.entry.verified && !composition)
      notes.push({ line: index, code: 'unverified-rate', message: NOTE_TEXT['unverified-rate'] });
    const inclusive = line.priceIncludesTax && lineRegime !== 'none';
    // Before-tax gross and discount; with no discount the gross is exactly the taxable value.
    const grossExclusive = !inclusive
      ? gross
      : discount === 0
        ? taxable
        : Math.max(taxable, exclusiveOf(gross, lineRate, cessRate));
    return {
      index,
      itemId: line.itemId,
      description: line.description.trim(),
      hsnSac: line.hsnSac,
      isService,
      quantity: quantityMilli / 1000,
      unit: line.unit,
      unitPricePaise: line.unitPricePaise,
      priceIncludesTax: line.priceIncludesTax,
      unitPriceExclusivePaise: inclusive
        ? exclusiveOf(line.unitPricePaise, lineRate, cessRate)
        : line.unitPricePaise,
      grossPaise: grossExclusive,
      discountPaise: grossExclusive - taxable,
      taxablePaise: taxable,
      supply: decided.supply,
      rate: lineRate,
      cessRate,
      taxes,
      totalPaise: taxable + totalTax(taxes),
      rateCategory: line.rateCategory,
      rateEntry: rate.entry,
    };
  });

  return {
    kind: documentKindOf(cart, lines, buyer !== null),
    documentDate: cart.documentDate,
    supplierStateCode: supplierState,
    registration: cart.supplier.registration,
    buyerGstin: buyer?.gstin ?? null,
    placeOfSupply: pos,
    interState: zeroRated || pos !== supplierState,
    regime: lines.some((line) => line.supply === 'taxable') ? regime : 'none',
    supplyType,
    reverseCharge: false,
    lines,
    totals: sumTotals(lines, cart.policy.roundOff),
    rateSummary: summariseByRate(lines),
    notes,
  };
}
