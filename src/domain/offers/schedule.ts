/** Whether a price list or offer is in force for a sale (pure). */
import type { Schedule } from './offer.types.js';

const parsed = new WeakMap<Schedule, readonly [number, number]>();

/** Start and end as milliseconds (end: infinity when open), parsed once per schedule. */
function boundsOf(s: Schedule): readonly [number, number] {
  let b = parsed.get(s);
  if (b === undefined) {
    b = [Date.parse(s.startsAt), s.endsAt === null ? Infinity : Date.parse(s.endsAt)];
    parsed.set(s, b);
  }
  return b;
}

/** Running at `at` (start included, end excluded), not paused, for this store. */
export function runsAt(s: Schedule, at: string | number, storeId: string): boolean {
  if (!s.active) return false;
  if (s.storeId !== null && s.storeId !== storeId) return false;
  const t = typeof at === 'number' ? at : Date.parse(at);
  const [start, end] = boundsOf(s);
  return t >= start && t < end;
}

/** For this customer group (or for everyone). */
export function forGroup(s: Schedule, group: string | null): boolean {
  return s.customerGroup === null || s.customerGroup === group;
}
