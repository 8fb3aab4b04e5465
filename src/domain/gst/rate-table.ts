/**
 * Looks up the rule for a category on a date. Entries form a timeline per category: the one in
 * force is the latest whose effective date is on or before the document date, and a shop's own
 * entry wins over a default entry of the same date. So a shop corrects a default by adding an
 * entry with the same date, or changes a rate from a later date, without losing history.
 */
import { AppError, invalid } from '../app-error.js';
import { isIsoDate, type IsoDate } from './ist-date.js';
import { DEFAULT_RATE_CATEGORIES, DEFAULT_RATE_ENTRIES } from './rate-table.data.js';
import type { RateCategory, RateCategoryId, RateEntry, ResolvedRate } from './rate-table.types.js';

/** A loaded rate table: defaults plus a shop's entries. */
export interface RateTable {
  readonly categories: readonly RateCategory[];
  /** The rule for a category on a date; throws `validation_failed` for an unknown category and
   * `precondition_failed` when the category has no rate on that date. */
  resolve(category: RateCategoryId, date: IsoDate, field?: string): ResolvedRate;
  /** Every entry of a category, oldest first (for the settings screen). */
  history(category: RateCategoryId): readonly RateEntry[];
}

function validateEntry(entry: RateEntry, index: number): void {
  const field = `rates.${index}`;
  if (!isIsoDate(entry.effectiveFrom))
    throw invalid(`${field}.effectiveFrom`, 'must be a date as YYYY-MM-DD');
  const rule = entry.rule;
  const rates =
    rule.kind === 'flat'
      ? [rule.rate, rule.cessRate ?? 0]
      : rule.kind === 'per-piece-threshold'
        ? [rule.lowRate, rule.highRate]
        : [];
  for (const rate of rates)
    if (!Number.isInteger(rate) || rate < 0 || rate > 10_000)
      throw invalid(`${field}.rule`, 'rates are whole basis points between 0 and 10000');
  if (rule.kind === 'per-piece-threshold') {
    if (!Number.isSafeInteger(rule.thresholdPaise) || rule.thresholdPaise <= 0)
      throw invalid(`${field}.rule.thresholdPaise`, 'must be a positive amount in paise');
    if (rule.lowRate >= rule.highRate)
      throw invalid(`${field}.rule`, 'the low rate must be below the high rate');
  }
}

/**
 * Builds a rate table from the defaults plus a shop's own entries (`origin` is set to `shop`)
 * and optional extra categories. Invalid entries are refused with the field at fault.
 */
export function createRateTable(
  shopEntries: readonly RateEntry[] = [],
  options: { categories?: readonly RateCategory[]; defaults?: readonly RateEntry[] } = {},
): RateTable {
  const categories = [...DEFAULT_RATE_CATEGORIES, ...(options.categories ?? [])];
  const categoryById = new Map(categories.map((c) => [c.id, c]));
  const all = [
    ...(options.defaults ?? DEFAULT_RATE_ENTRIES).map((e) => ({ ...e, origin: e.origin ?? 'default' })),
    ...shopEntries.map((e) => ({ ...e, origin: 'shop' as const })),
  ];
  all.forEach((entry, index) => {
    validateEntry(entry, index);
    if (!categoryById.has(entry.category)) throw invalid(`rates.${index}.category`, 'unknown rate category');
  });
  const timeline = new Map<RateCategoryId, RateEntry[]>();
  for (const entry of all) {
    const list = timeline.get(entry.category) ?? [];
    list.push(entry);
    timeline.set(entry.category, list);
  }
  // Oldest first; on the same date the shop's entry sorts after (and so wins over) the default.
  const rank = (e: RateEntry) => (e.origin === 'shop' ? 1 : 0);
  for (const list of timeline.values())
    list.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || rank(a) - rank(b));

  return {
    categories,
    history: (category) => timeline.get(category) ?? [],
    resolve(categoryId, date, field = 'rateCategory') {
      const category = categoryById.get(categoryId);
      if (category === undefined) throw invalid(field, 'unknown rate category');
      const entries = timeline.get(categoryId) ?? [];
      let found: RateEntry | undefined;
      for (const entry of entries) if (entry.effectiveFrom <= date) found = entry;
      if (found === undefined || found.rule.kind === 'withdrawn')
        throw new AppError('precondition_failed', 'the rate category has no GST rate on this date', field, {
          category: categoryId,
          date,
        });
      return { category, entry: found };
    },
  };
}
