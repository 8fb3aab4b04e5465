/**
 * Prices one line: the rate in force (including the per-piece threshold of apparel and
 * footwear and the shop's policy for the inclusive band), the taxable value and the tax heads.
 *
 * Exclusive prices: taxable = quantity x price - discount, heads computed on it.
 * Inclusive prices: taxable = inclusive x 100 / (100 + rate), rounded, and tax = inclusive -
 * taxable, so the printed total equals the shelf price. The taxable value is chosen among the
 * nearest paise so that each head also equals taxable x rate rounded; for the few shelf prices
 * where no such value exists (rounding skips some totals), each head still equals the rounded
 * product and the line total falls a paisa or two below the shelf price (never above it), which
 * the document's rupee round-off absorbs (ADR 0026).
 */
import { AppError } from '../app-error.js';
import { divRoundHalfUp, type BasisPoints, type Paise } from '../money/money.js';
import type { PricingPolicy, PricingNote, LineSupply } from './pricing.types.js';
import type { RateRule } from './rate-table.types.js';
import { computeTaxHeads, totalTax, type TaxHeads, type TaxRegime } from './tax-heads.js';

/** The rate decided for a line. */
export interface LineRate {
  readonly supply: LineSupply;
  readonly rate: BasisPoints;
  readonly cessRate: BasisPoints;
  readonly note?: PricingNote['code'];
}

/** Line amounts in the price's own terms (inclusive or exclusive), quantity in thousandths. */
export interface LineAmounts {
  readonly quantityMilli: number;
  /** Net of discount, in the price's terms. */
  readonly netPaise: Paise;
  readonly priceIncludesTax: boolean;
}

/** true when amount / pieces <= threshold, for amount x scaleNum / scaleDen (exact, bigint). */
function perPieceAtMost(
  amount: Paise,
  scaleNum: bigint,
  scaleDen: bigint,
  quantityMilli: number,
  threshold: Paise,
) {
  return BigInt(amount) * scaleNum * 1000n <= BigInt(threshold) * BigInt(quantityMilli) * scaleDen;
}

/**
 * Decides the per-piece rate. A slab "fits" when the value it yields per piece lies on its side
 * of the threshold; with exclusive prices on the taxable basis exactly one fits, otherwise both
 * or neither may (the inclusive band) and the shop's policy decides.
 */
function thresholdRate(
  rule: Extract<RateRule, { kind: 'per-piece-threshold' }>,
  amounts: LineAmounts,
  policy: PricingPolicy,
  field: string,
): LineRate {
  // The per-piece value compared with the threshold, at a given rate, as amount x num / den.
  const measure = (rate: BasisPoints): [bigint, bigint] => {
    const withTax = policy.thresholdBasis === 'price-with-tax';
    if (amounts.priceIncludesTax === withTax) return [1n, 1n];
    return withTax ? [BigInt(10_000 + rate), 10_000n] : [10_000n, BigInt(10_000 + rate)];
  };
  const atMost = (rate: BasisPoints) =>
    perPieceAtMost(amounts.netPaise, ...measure(rate), amounts.quantityMilli, rule.thresholdPaise);
  const lowFits = atMost(rule.lowRate);
  const highFits = !atMost(rule.highRate);
  const base = { supply: 'taxable' as const, cessRate: 0 };
  if (lowFits && !highFits) return { ...base, rate: rule.lowRate };
  if (highFits && !lowFits) return { ...base, rate: rule.highRate };
  if (policy.inclusiveBand === 'refuse')
    throw new AppError(
      'validation_failed',
      'the price per piece falls in the band where neither GST rate fits; change the price',
      field,
    );
  return policy.inclusiveBand === 'higher-rate'
    ? { ...base, rate: rule.highRate, note: 'inclusive-band-higher-rate' }
    : { ...base, rate: rule.lowRate, note: 'inclusive-band-lower-rate' };
}

/** The rate of a line under a rule (rules of kind `withdrawn` never reach here). */
export function decideLineRate(
  rule: RateRule,
  amounts: LineAmounts,
  policy: PricingPolicy,
  field: string,
): LineRate {
  switch (rule.kind) {
    case 'zero':
      return { supply: rule.supply, rate: 0, cessRate: 0 };
    case 'flat':
      return { supply: 'taxable', rate: rule.rate, cessRate: rule.cessRate ?? 0 };
    case 'per-piece-threshold':
      return thresholdRate(rule, amounts, policy, field);
    case 'withdrawn':
      throw new AppError('precondition_failed', 'the rate category has no GST rate on this date', field);
  }
}

/** Taxable value and heads for a net amount, inclusive or exclusive of tax. */
export function splitTax(
  net: Paise,
  includesTax: boolean,
  rate: BasisPoints,
  cessRate: BasisPoints,
  regime: TaxRegime,
): { taxable: Paise; taxes: TaxHeads } {
  if (!includesTax || regime === 'none' || rate + cessRate === 0)
    return { taxable: net, taxes: computeTaxHeads(net, rate, cessRate, regime) };
  const divisor = BigInt(10_000 + rate + cessRate);
  const scaled = BigInt(net) * 10_000n;
  const exact = divRoundHalfUp(scaled, divisor);
  // Nearest candidates first, by distance from the exact quotient.
  const distance = (t: number) => {
    const d = BigInt(t) * divisor - scaled;
    return d < 0n ? -d : d;
  };
  const candidates = [exact, exact - 1, exact + 1, exact - 2, exact + 2]
    .filter((t) => t >= 0 && t <= net)
    .sort((a, b) => (distance(a) < distance(b) ? -1 : distance(a) > distance(b) ? 1 : a - b));
  for (const taxable of candidates) {
    const taxes = computeTaxHeads(taxable, rate, cessRate, regime);
    if (taxable + totalTax(taxes) === net) return { taxable, taxes };
  }
  // Rounding skips this total: each head stays the rounded product of the taxable value (what
  // the IRP checks, ADR 0026) and the line takes the largest total below the shelf price, so it
  // never exceeds the price (or the MRP); the rupee round-off of the document absorbs the paisa.
  for (let taxable = exact + 2; taxable >= 0; taxable -= 1) {
    const taxes = computeTaxHeads(taxable, rate, cessRate, regime);
    if (taxable + totalTax(taxes) <= net) return { taxable, taxes };
  }
  return { taxable: 0, taxes: computeTaxHeads(0, rate, cessRate, regime) };
}

/** Unit price before tax for an inclusive price (rounded to paise). */
export function exclusiveOf(amount: Paise, rate: BasisPoints, cessRate: BasisPoints): Paise {
  return divRoundHalfUp(BigInt(amount) * 10_000n, BigInt(10_000 + rate + cessRate));
}
