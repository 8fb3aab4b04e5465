/**
 * Money as integer paise: validation, exact rounded division (half up, via bigint so products
 * never lose precision), percentages given in basis points, and display in the Indian system.
 * No floating-point arithmetic touches an amount.
 */
import { invalid } from '../app-error.js';

/** An amount in paise (1 rupee = 100 paise). Always a safe integer. */
export type Paise = number;

/** A percentage in basis points (hundredths of a percent): 5% = 500, 0.25% = 25. */
export type BasisPoints = number;

/** Throws a validation error naming `field` unless `value` is a safe integer (>= 0 unless allowed). */
export function assertPaise(value: number, field: string, options: { allowNegative?: boolean } = {}): Paise {
  if (!Number.isSafeInteger(value)) throw invalid(field, 'must be a whole number of paise');
  if (value < 0 && options.allowNegative !== true) throw invalid(field, 'must not be negative');
  return value;
}

/**
 * numerator / denominator rounded to the nearest integer, halves away from zero (the "half up"
 * of the GST rules, symmetric for negative amounts such as credit-note adjustments).
 */
export function divRoundHalfUp(numerator: bigint | number, denominator: bigint | number): number {
  let n = BigInt(numerator);
  let d = BigInt(denominator);
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) throw new RangeError('amount out of range');
  return result;
}

/** amount x rate, rounded half up to paise. */
export function percentOf(amount: Paise, rate: BasisPoints): Paise {
  return divRoundHalfUp(BigInt(amount) * BigInt(rate), 10_000n);
}

/** Rounds paise to the nearest whole rupee (half up): 12350 -> 12400, 12349 -> 12300. */
export function roundToRupee(amount: Paise): Paise {
  return divRoundHalfUp(amount, 100) * 100;
}

/** Groups digits the Indian way: 12345678 -> "1,23,45,678". */
export function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  const rest = digits.slice(0, -3);
  return `${rest.replace(/\B(?=(\d{2})+(?!\d))/g, ',')},${last3}`;
}

/** Formats paise as rupees with two decimals: 12345678 -> "1,23,456.78" (grouped by default). */
export function formatRupees(amount: Paise, options: { grouped?: boolean } = {}): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const rupees = String(Math.floor(abs / 100));
  const paise = String(abs % 100).padStart(2, '0');
  const whole = options.grouped === false ? rupees : groupIndian(rupees);
  return `${negative ? '-' : ''}${whole}.${paise}`;
}

/**
 * Paise as a JSON number of rupees for government formats (GSTR-1, e-invoice): the shortest
 * decimal that reads back as amount/100, so 12345 serialises as 123.45 exactly.
 */
export function toRupeeNumber(amount: Paise): number {
  return amount / 100;
}

/** Parses "1,050.50", "1050.5" or "1050" into paise; throws a validation error naming `field`. */
export function parseRupees(text: string, field: string): Paise {
  const cleaned = text.trim().replace(/,/g, '');
  const match = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (match === null) throw invalid(field, 'must be an amount in rupees with at most two decimals');
  const paise = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -paise : paise;
}

/** Formats a rate in basis points as a percentage number: 500 -> "5", 25 -> "0.25". */
export function formatRate(rate: BasisPoints): string {
  return String(rate / 100);
}
