/**
 * Review periods: a campaign reviews one period of the calendar in India (IST), named by its
 * frequency: `2026-11` (monthly), `2026-Q4` (quarterly, the default), `2026-H2` (half-yearly),
 * `2026` (yearly).
 */

export const reviewFrequencies = [1, 3, 6, 12] as const;
export type ReviewFrequency = (typeof reviewFrequencies)[number];

const IST_OFFSET_MS = 330 * 60_000;

/** The period containing `at` for a frequency in months. */
export function reviewPeriod(at: Date, frequencyMonths: ReviewFrequency): string {
  const ist = new Date(at.getTime() + IST_OFFSET_MS);
  const year = ist.getUTCFullYear();
  const month = ist.getUTCMonth();
  switch (frequencyMonths) {
    case 1:
      return `${String(year)}-${String(month + 1).padStart(2, '0')}`;
    case 3:
      return `${String(year)}-Q${String(Math.floor(month / 3) + 1)}`;
    case 6:
      return `${String(year)}-H${String(Math.floor(month / 6) + 1)}`;
    case 12:
      return String(year);
  }
}
