/**
 * Calendar dates in India Standard Time. Documents, rate changes and return periods are decided
 * by the date in IST (UTC+05:30, no daylight saving), while stored instants stay in UTC.
 */
import { invalid } from '../app-error.js';

/** A calendar date, `YYYY-MM-DD`. Strings of this shape sort chronologically. */
export type IsoDate = string;

const IST_OFFSET_MS = 330 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in `YYYY-MM-DD` form (2025-02-30 is false). */
export function isIsoDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Throws a validation error naming `field` unless `value` is a real `YYYY-MM-DD` date. */
export function assertIsoDate(value: string, field: string): IsoDate {
  if (!isIsoDate(value)) throw invalid(field, 'must be a date as YYYY-MM-DD');
  return value;
}

/** The IST calendar date of an instant: 2026-03-31T19:00:00Z is 2026-04-01 in India. */
export function istDateOf(instant: Date | string): IsoDate {
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid instant');
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` -> `DD-MM-YYYY` (GSTR-1) or with another separator (`/` for e-invoices). */
export function formatIndianDate(date: IsoDate, separator: '-' | '/' = '-'): string {
  const [year, month, day] = date.split('-');
  return [day, month, year].join(separator);
}
