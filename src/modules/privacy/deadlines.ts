/**
 * Deadlines of data-subject requests (pure; no I/O). Every request is acknowledged within 10
 * business days (CCPA regulations s.7021; Tijori applies it to every law); business days are
 * counted in India Standard Time, skipping Saturdays, Sundays and the shop's holidays. Answers
 * are due, from receipt:
 * - GDPR art. 12(3): one month, extendable by two further months;
 * - CCPA (Cal. Civ. Code 1798.130): 45 days, extendable once by 45 days;
 * - DPDP: the Act (s.11-13) leaves the period to the Rules, and DPDP Rules 2025 rule 14(3) caps a
 *   grievance response at 90 days; Tijori defaults to 30 days (a shop setting, 1 to 90), and an
 *   extension may reach the 90-day cap.
 * A deadline falls at the end of its day in IST.
 */
import { istDateOf, type IsoDate } from '../../domain/gst/ist-date.js';

export const laws = ['dpdp', 'gdpr', 'ccpa'] as const;
export type Law = (typeof laws)[number];

export const ACK_BUSINESS_DAYS = 10;
export const DPDP_MAX_DAYS = 90;

const IST_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

export interface Calendar {
  /** Dates off besides weekends, `YYYY-MM-DD`. */
  holidays: readonly IsoDate[];
  /** Dates off every year, `MM-DD` (national holidays). */
  recurringHolidays: readonly string[];
}

/** The instant at which an IST calendar date ends. */
export function endOfIstDay(date: IsoDate): Date {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - IST_MS);
}

function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar months later; the 31st becomes the month's last day when the month is shorter. */
function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** True for a working day: not Saturday or Sunday and not a holiday. */
export function isBusinessDay(date: IsoDate, calendar: Calendar): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (day === 0 || day === 6) return false;
  return !calendar.holidays.includes(date) && !calendar.recurringHolidays.includes(date.slice(5));
}

/** The end of the `n`th business day after the IST day of `from` (that day itself not counted). */
export function businessDaysAfter(from: Date, n: number, calendar: Calendar): Date {
  let date = istDateOf(from);
  let counted = 0;
  while (counted < n) {
    date = addDays(date, 1);
    if (isBusinessDay(date, calendar)) counted += 1;
  }
  return endOfIstDay(date);
}

export interface Deadlines {
  ackDueAt: Date;
  dueAt: Date;
}

/** When a request received at `receivedAt` must be acknowledged and answered. */
export function deadlinesFor(law: Law, receivedAt: Date, calendar: Calendar, dpdpDays: number): Deadlines {
  const received = istDateOf(receivedAt);
  const due =
    law === 'gdpr'
      ? addMonths(received, 1)
      : addDays(received, law === 'ccpa' ? 45 : Math.min(dpdpDays, DPDP_MAX_DAYS));
  return { ackDueAt: businessDaysAfter(receivedAt, ACK_BUSINESS_DAYS, calendar), dueAt: endOfIstDay(due) };
}

/** The latest answer date an extension may set. */
export function extendedDueAt(law: Law, receivedAt: Date, dueAt: Date): Date {
  const received = istDateOf(receivedAt);
  if (law === 'gdpr') return endOfIstDay(addMonths(istDateOf(dueAt), 2));
  if (law === 'ccpa') return endOfIstDay(addDays(istDateOf(dueAt), 45));
  return endOfIstDay(addDays(received, DPDP_MAX_DAYS));
}

/** Deadline reminder stages, as bits of `reminder_stage`. */
export const Stage = { ackSoon: 1, ackOverdue: 2, dueSoon: 4, dueImminent: 8, overdue: 16 } as const;
export type StageName = keyof typeof Stage;

/**
 * The stages an open request has reached at `now`: acknowledgement within 2 days or overdue;
 * answer within `reminderDays`, within 2 days, or overdue.
 */
export function stagesReached(
  request: { ackDueAt: Date; dueAt: Date; acknowledged: boolean },
  now: Date,
  reminderDays: number,
): StageName[] {
  const t = now.getTime();
  const out: StageName[] = [];
  if (!request.acknowledged) {
    if (t > request.ackDueAt.getTime()) out.push('ackOverdue');
    else if (t >= request.ackDueAt.getTime() - 2 * DAY_MS) out.push('ackSoon');
  }
  const due = request.dueAt.getTime();
  if (t > due) out.push('overdue');
  else if (t >= due - 2 * DAY_MS) out.push('dueImminent');
  else if (t >= due - reminderDays * DAY_MS) out.push('dueSoon');
  return out;
}
