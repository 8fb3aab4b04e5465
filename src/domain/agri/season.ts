/**
 * Crop seasons and due dates of a farmer's khata (pure, no I/O). A credit sale made for a season
 * falls due when that season's harvest is sold: Kharif (sown June-July) by 31 December, Rabi (sown
 * October-December) by 30 June, Zaid (sown March-April) by 30 September, each of the season
 * that the sale's date belongs to or the next one; a shop may also give a plain date.
 */

export const cropSeasons = ['kharif', 'rabi', 'zaid'] as const;
export type CropSeason = (typeof cropSeasons)[number];

/** An IST calendar date `YYYY-MM-DD`. */
export type IsoDay = string;

/** The date `days` after `date` (negative: before). */
export function addDays(date: IsoDay, days: number): IsoDay {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError(`not a date: ${date}`);
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `MM-DD`: the day of the year a season's credit falls due. */
export type MonthDay = string;

/** The day each season's credit falls due (its harvest sold); a shop may set its own. */
export const defaultSeasonDue: Readonly<Record<CropSeason, MonthDay>> = {
  kharif: '12-31',
  rabi: '06-30',
  zaid: '09-30',
};

/**
 * The due date of a credit sale on `saleDate` for `season`: the season's next due day on or after
 * the sale (a Kharif sale on 10 July 2026 falls due on 31 December 2026; a Rabi sale on
 * 5 November 2026 on 30 June 2027).
 */
export function seasonDueDate(
  season: CropSeason,
  saleDate: IsoDay,
  due: Readonly<Record<CropSeason, MonthDay>> = defaultSeasonDue,
): IsoDay {
  const year = Number(saleDate.slice(0, 4));
  const mmdd = due[season];
  const sameYear = `${year}-${mmdd}`;
  return sameYear >= saleDate ? sameYear : `${year + 1}-${mmdd}`;
}

/** The crop season a sale's date belongs to when the shop does not say (sowing months). */
export function seasonOf(date: IsoDay): CropSeason {
  const month = Number(date.slice(5, 7));
  if (month >= 6 && month <= 9) return 'kharif';
  if (month >= 10 || month <= 2) return 'rabi';
  return 'zaid';
}
