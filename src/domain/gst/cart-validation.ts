/**
 * Checks a cart before pricing, naming the field at fault (`lines.2.quantity`). Routes validate
 * shapes with zod; these are the rules the engine relies on, so the engine is safe to call from
 * anywhere (CLI imports, tests, benchmarks).
 */
import { invalid } from '../app-error.js';
import { assertPaise } from '../money/money.js';
import { assertIsoDate } from './ist-date.js';
import type { CartInput, CartLineInput } from './pricing.types.js';
import { findState } from './states.js';
import { isUqc } from './uqc.js';

/** At most this many lines on one document. */
export const MAX_CART_LINES = 500;

const HSN_PATTERN = /^[0-9]{4}(?:[0-9]{2}){0,2}$/;

/** Quantity in thousandths; refuses non-positive values and more than 3 decimals. */
export function quantityInThousandths(quantity: number, field: string): number {
  const milli = Math.round(quantity * 1000);
  if (!Number.isFinite(quantity) || quantity <= 0 || milli <= 0)
    throw invalid(field, 'must be a positive quantity');
  if (Math.abs(quantity * 1000 - milli) > 1e-6) throw invalid(field, 'must have at most 3 decimals');
  if (milli > 1_000_000_000) throw invalid(field, 'is too large');
  return milli;
}

/** Checks a state code, naming the field. */
export function assertStateCode(code: string, field: string): string {
  if (findState(code) === undefined) throw invalid(field, 'must be a known two-digit GST state code');
  return code;
}

function validateLine(line: CartLineInput, field: string): void {
  if (line.description.trim() === '' || line.description.length > 300)
    throw invalid(`${field}.description`, 'must be 1 to 300 characters');
  if (!HSN_PATTERN.test(line.hsnSac))
    throw invalid(`${field}.hsnSac`, 'must be an HSN or SAC code of 4, 6 or 8 digits');
  if (!isUqc(line.unit)) throw invalid(`${field}.unit`, 'must be a unit quantity code such as PCS or KGS');
  quantityInThousandths(line.quantity, `${field}.quantity`);
  assertPaise(line.unitPricePaise, `${field}.unitPricePaise`);
  if (line.discountPaise !== undefined) assertPaise(line.discountPaise, `${field}.discountPaise`);
}

/** Throws `validation_failed` naming the first field at fault. */
export function validateCart(cart: CartInput): void {
  assertIsoDate(cart.documentDate, 'documentDate');
  assertStateCode(cart.supplier.stateCode, 'supplier.stateCode');
  if (cart.buyer?.stateCode !== undefined && cart.buyer.stateCode !== null)
    assertStateCode(cart.buyer.stateCode, 'buyer.stateCode');
  if (cart.delivery?.kind === 'delivered') assertStateCode(cart.delivery.stateCode, 'delivery.stateCode');
  if (cart.servicePerformedStateCode !== undefined)
    assertStateCode(cart.servicePerformedStateCode, 'servicePerformedStateCode');
  if (cart.lines.length === 0) throw invalid('lines', 'add at least one line');
  if (cart.lines.length > MAX_CART_LINES)
    throw invalid('lines', `at most ${MAX_CART_LINES} lines per document`);
  cart.lines.forEach((line, index) => validateLine(line, `lines.${index}`));
}
