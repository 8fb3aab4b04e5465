/**
 * Packages, memberships and wallets as pure rules.
 *
 * - A package is a prepaid advance for named services: taxed when sold (CGST Act s.13(2), time of
 *   supply of services is the earlier of invoice or payment), so a redeemed session is a line at
 *   no value and no second tax. Unused sessions are a liability valued at the price paid per
 *   session; a refund returns that value for the sessions refunded.
 * - A wallet is a voucher (CBIC Circular 243/37/2024): loading it is no supply and carries no
 *   GST; what is bought with it is taxed when it is redeemed; value unredeemed at expiry is no
 *   supply. Its ledger reconciles: each balance is the previous one plus the entry's value.
 * - A membership lowers the price of services (never of products) by its percentage.
 */
import { bpOf } from './commission.js';

export interface PackageState {
  sessionsTotal: number;
  sessionsUsed: number;
  sessionsRefunded: number;
  sessionsExpired: number;
  expiresOn: string;
}

/** Sessions that can still be redeemed, refunded or expire. */
export function sessionsLeft(p: PackageState): number {
  return p.sessionsTotal - p.sessionsUsed - p.sessionsRefunded - p.sessionsExpired;
}

/** Whether the package may be used on `date` (an IST date; valid through its last day). */
export function usableOn(p: PackageState, date: string): boolean {
  return date <= p.expiresOn && sessionsLeft(p) > 0;
}

/** The value of `sessions` of a package paid `pricePaise` for `total` sessions (last paise to the last). */
export function sessionValue(pricePaise: number, total: number, sessions: number, alreadyValued = 0): number {
  const upTo = (n: number) => Math.floor((pricePaise * n) / total);
  return upTo(alreadyValued + sessions) - upTo(alreadyValued);
}

/** The IST date `days` after `date` (the last valid day of a package or membership sold on `date`). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A service's price for a member. */
export function memberPrice(pricePaise: number, discountBp: number): number {
  return pricePaise - bpOf(pricePaise, discountBp);
}

export interface WalletEntry {
  seq: number;
  valuePaise: number;
  balanceAfter: number;
}

/** The first entry whose balance does not follow from the one before, or null when all do. */
export function firstBrokenEntry(entries: readonly WalletEntry[]): number | null {
  let balance = 0;
  let seq = 0;
  for (const e of entries) {
    seq += 1;
    balance += e.valuePaise;
    if (e.seq !== seq || e.balanceAfter !== balance || balance < 0) return e.seq;
  }
  return null;
}
