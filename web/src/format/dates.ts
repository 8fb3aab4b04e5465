/**
 * Dates as Indian shops write them: DD-MM-YYYY, in India Standard Time whatever the browser's own
 * time zone. The server sends UTC instants (ISO strings); these helpers only display them.
 */

const IST = 'Asia/Kolkata';

const dateParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: IST,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

const timeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: IST,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

function toDate(instant: string | Date): Date {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError('not a date');
  return date;
}

/** `2026-03-31T20:00:00Z` -> `01-04-2026` (the IST calendar date). */
export function formatDate(instant: string | Date): string {
  const parts = dateParts.formatToParts(toDate(instant));
  return `${part(parts, 'day')}-${part(parts, 'month')}-${part(parts, 'year')}`;
}

/** `2026-03-31T20:00:00Z` -> `01-04-2026 01:30 IST`. */
export function formatDateTime(instant: string | Date): string {
  const date = toDate(instant);
  const parts = timeParts.formatToParts(date);
  return `${formatDate(date)} ${part(parts, 'hour')}:${part(parts, 'minute')} IST`;
}

/** A calendar date the server already gives in IST (`2026-04-01`) -> `01-04-2026`. */
export function formatDateOnly(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) throw new RangeError('not a calendar date');
  return `${match[3] ?? ''}-${match[2] ?? ''}-${match[1] ?? ''}`;
}

/** Today's calendar date in IST as `YYYY-MM-DD` (for date inputs and report periods). */
export function todayInIst(now: Date = new Date()): string {
  const parts = dateParts.formatToParts(now);
  return `${part(parts, 'year')}-${part(parts, 'month')}-${part(parts, 'day')}`;
}

/** The UTC instant at which an IST calendar day starts (`2026-04-01` -> `2026-03-31T18:30:00.000Z`). */
export function istDayStart(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00+05:30`).toISOString();
}
