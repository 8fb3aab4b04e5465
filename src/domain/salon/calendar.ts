/** Appointment times: overlaps, IST days and weeks as UTC instants. */

const IST_OFFSET_MS = 330 * 60_000;

/** Whether [aStart, aEnd) and [bStart, bEnd) overlap (ISO instants compare as text). */
export function overlaps(aStart: string, aEnd: string, bStart: string, bEnd: string): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/** The UTC instants bounding an IST calendar day (`2026-05-15`) and `days` after it. */
export function istRange(date: string, days = 1): { from: string; to: string } {
  const start = Date.parse(`${date}T00:00:00.000Z`) - IST_OFFSET_MS;
  return {
    from: new Date(start).toISOString(),
    to: new Date(start + days * 86_400_000).toISOString(),
  };
}

/** The Monday starting the IST week of `date`. */
export function weekStart(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

/** `startsAt` plus `minutes`, as an instant. */
export function endOf(startsAt: string, minutes: number): string {
  return new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();
}
