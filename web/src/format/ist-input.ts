/**
 * Times that people type are India Standard Time, whatever the browser's zone: a
 * `datetime-local` value such as `2026-06-01T23:30` becomes `2026-06-01T23:30:00+05:30` for the
 * server (which stores the UTC instant), and back. Durations read like `5 h 12 min`.
 */

const IST_OFFSET_MS = 330 * 60_000;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** A `datetime-local` value read as IST, with its offset (null when it is not a full value). */
export function istInputToInstant(value: string): string | null {
  return LOCAL.test(value) ? `${value}:00+05:30` : null;
}

/** An instant as a `datetime-local` value in IST. */
export function instantToIstInput(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return new Date(date.getTime() + IST_OFFSET_MS).toISOString().slice(0, 16);
}

/** `5 h 12 min`, `3 d 4 h`, `45 min`, `under a minute` (the sign is the caller's to show). */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return '< 1 min';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${String(days)} d ${String(hours)} h`;
  if (hours > 0) return `${String(hours)} h ${String(rest)} min`;
  return `${String(rest)} min`;
}
