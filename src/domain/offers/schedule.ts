/** Whether a price list or offer is in force for a sale (pure). */
import type { Schedule } from './offer.types.js';

/** Running at `at` (start included, end excluded), not paused, for this store. */
export function runsAt(s: Schedule, at: string, storeId: string): boolean {
  if (!s.active) return false;
  if (s.storeId !== null && s.storeId !== storeId) return false;
  const t = Date.parse(at);
  if (t < Date.parse(s.startsAt)) return false;
  return s.endsAt === null || t < Date.parse(s.endsAt);
}

/** For this customer group (or for everyone). */
export function forGroup(s: Schedule, group: string | null): boolean {
  return s.customerGroup === null || s.customerGroup === group;
}
