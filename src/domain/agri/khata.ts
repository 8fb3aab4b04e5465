/**
 * A farmer's khata through the season (pure, no I/O): what is overdue, simple interest on it
 * after the grace days, ageing buckets, and the running statement. Money is integer paise;
 * payments settle the oldest due amount first (first in, first out).
 */
import { addDays, daysBetween, type IsoDay } from './season.js';

/** A charge on the khata (a credit sale) with the date it falls due. */
export interface KhataCharge {
  id: string;
  date: IsoDay;
  dueDate: IsoDay;
  amountPaise: number;
}

/** A payment received against the khata. */
export interface KhataPayment {
  date: IsoDay;
  amountPaise: number;
}

/** The shop's interest setting: off by default; a yearly simple rate in basis points. */
export interface InterestRule {
  enabled: boolean;
  /** Yearly rate in basis points (1800 = 18 % a year). */
  rateBp: number;
  /** Days after the due date before interest starts. */
  graceDays: number;
}

export const interestOff: InterestRule = { enabled: false, rateBp: 0, graceDays: 0 };

/** What is still open of each charge after the payments up to `asOf` (oldest due first). */
export interface OpenCharge extends KhataCharge {
  openPaise: number;
}

/**
 * Applies the payments made on or before `asOf` to the charges, oldest due date first; what a
 * payment leaves over (an advance) is returned as `advancePaise`.
 */
export function settle(
  charges: readonly KhataCharge[],
  payments: readonly KhataPayment[],
  asOf: IsoDay,
): { open: OpenCharge[]; advancePaise: number } {
  const open = [...charges]
    .filter((c) => c.date <= asOf)
    .sort((a, b) =>
      a.dueDate === b.dueDate
        ? a.date < b.date
          ? -1
          : a.date > b.date
            ? 1
            : 0
        : a.dueDate < b.dueDate
          ? -1
          : 1,
    )
    .map((c) => ({ ...c, openPaise: c.amountPaise }));
  let left = payments.filter((p) => p.date <= asOf).reduce((s, p) => s + p.amountPaise, 0);
  for (const c of open) {
    const take = Math.min(left, c.openPaise);
    c.openPaise -= take;
    left -= take;
  }
  return { open: open.filter((c) => c.openPaise > 0), advancePaise: left };
}

/**
 * Simple interest on overdue amounts to `asOf`: each charge's open amount, day by day after its
 * due date plus the grace days, x the yearly rate / 365, with payments lowering the open amount
 * from the day they are made (oldest due first). Summed exactly and rounded once to the nearest
 * paisa (half up). Nothing when the rule is off.
 */
export function overdueInterest(
  charges: readonly KhataCharge[],
  payments: readonly KhataPayment[],
  asOf: IsoDay,
  rule: InterestRule,
): number {
  if (!rule.enabled || rule.rateBp <= 0) return 0;
  // Every day on which an open amount can change: charges, payments, starts of interest.
  const starts = charges.map((c) => addDays(c.dueDate, rule.graceDays));
  const bounds = [
    ...new Set([...charges.map((c) => c.date), ...payments.map((p) => p.date), ...starts, asOf]),
  ]
    .filter((d) => d <= asOf)
    .sort();
  // Sum of paise x days over every open period after grace (an exact integer).
  let paiseDays = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] ?? asOf;
    const to = bounds[i + 1] ?? asOf;
    // Open amounts during [from, to): charges and payments up to and including `from` applied.
    for (const c of settle(charges, payments, from).open) {
      if (addDays(c.dueDate, rule.graceDays) <= from) paiseDays += c.openPaise * daysBetween(from, to);
    }
  }
  const numerator = paiseDays * rule.rateBp;
  const denominator = 10_000 * 365;
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export const ageingBuckets = ['0-30', '31-90', '91-180', 'over-180'] as const;
export type AgeingBucket = (typeof ageingBuckets)[number];

/** The bucket of an amount by days past its due date (not yet due counts as 0-30). */
export function bucketOf(daysOverdue: number): AgeingBucket {
  if (daysOverdue <= 30) return '0-30';
  if (daysOverdue <= 90) return '31-90';
  if (daysOverdue <= 180) return '91-180';
  return 'over-180';
}

export interface KhataPosition {
  asOf: IsoDay;
  /** Everything open (not due yet and overdue), before interest. */
  balancePaise: number;
  /** Open amounts past their due date. */
  overduePaise: number;
  /** Interest accrued on the overdue amounts to `asOf`. */
  interestPaise: number;
  /** The earliest due date of what is open (null: nothing open). */
  nextDueDate: IsoDay | null;
  /** Open amounts by days past due. */
  ageing: Record<AgeingBucket, number>;
  advancePaise: number;
}

/** The khata's position on a day: balance, overdue, interest and ageing. */
export function khataPosition(
  charges: readonly KhataCharge[],
  payments: readonly KhataPayment[],
  asOf: IsoDay,
  rule: InterestRule = interestOff,
): KhataPosition {
  const { open, advancePaise } = settle(charges, payments, asOf);
  const ageing: Record<AgeingBucket, number> = { '0-30': 0, '31-90': 0, '91-180': 0, 'over-180': 0 };
  let overdue = 0;
  for (const c of open) {
    const late = daysBetween(c.dueDate, asOf);
    ageing[bucketOf(late)] += c.openPaise;
    if (late > 0) overdue += c.openPaise;
  }
  const interest = overdueInterest(charges, payments, asOf, rule);
  return {
    asOf,
    balancePaise: open.reduce((s, c) => s + c.openPaise, 0),
    overduePaise: overdue,
    interestPaise: interest,
    nextDueDate: open[0]?.dueDate ?? null,
    ageing,
    advancePaise,
  };
}
