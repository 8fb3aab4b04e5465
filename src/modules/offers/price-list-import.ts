/**
 * `tijori import price-list FILE.csv`: price lists from a CSV with a header row
 * `name,starts_at,ends_at,priority,store_id,customer_group,target_kind,target_value,method,value`.
 * Rows with the same name make one list (its schedule from its first row); times are IST to the
 * minute (`2026-11-20T10:00`); `value` is rupees for `fixed` (`799.00`) and percent otherwise
 * (`30`). Every row is checked first; a file with a bad row imports nothing.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../../domain/app-error.js';
import { parseRupees } from '../../domain/money/money.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { priceListInput, type PriceListInput } from './offer.schemas.js';
import type { OfferService } from './offer.service.js';

export interface PriceListImportReport {
  lists: number;
  entries: number;
  problems: { row: number; message: string }[];
}

export async function importPriceLists(
  offers: OfferService,
  actor: ServiceActor,
  csv: string,
): Promise<PriceListImportReport> {
  const rows: Record<string, string>[] = parse(csv, {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    trim: true,
  });
  const problems: { row: number; message: string }[] = [];
  const byName = new Map<
    string,
    { first: number; raw: Record<string, string>; entries: PriceListInput['entries'][number][] }
  >();
  rows.forEach((r, i) => {
    const row = i + 2;
    try {
      const method = r.method ?? '';
      const value =
        method === 'fixed' ? parseRupees(r.value ?? '', 'value') : Math.round(Number(r.value) * 100);
      if (!Number.isFinite(value)) throw new AppError('validation_failed', 'value must be a number', 'value');
      const name = r.name ?? '';
      const list = byName.get(name) ?? { first: row, raw: r, entries: [] };
      list.entries.push({
        target: { kind: (r.target_kind ?? '') as 'all', value: r.target_value ?? '' },
        method: method as 'fixed',
        value,
      });
      byName.set(name, list);
    } catch (error) {
      problems.push({ row, message: error instanceof Error ? error.message : 'unreadable row' });
    }
  });
  const inputs: PriceListInput[] = [];
  for (const [name, list] of byName) {
    const parsed = priceListInput.safeParse({
      name,
      startsAt: list.raw.starts_at,
      endsAt: list.raw.ends_at === '' || list.raw.ends_at === undefined ? null : list.raw.ends_at,
      priority: list.raw.priority === '' || list.raw.priority === undefined ? 0 : Number(list.raw.priority),
      storeId: list.raw.store_id === '' || list.raw.store_id === undefined ? null : list.raw.store_id,
      customerGroup:
        list.raw.customer_group === '' || list.raw.customer_group === undefined
          ? null
          : list.raw.customer_group,
      entries: list.entries,
    });
    if (parsed.success) inputs.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        problems.push({ row: list.first, message: `${issue.path.join('.')}: ${issue.message}` });
  }
  if (problems.length > 0) return { lists: 0, entries: 0, problems };
  for (const input of inputs) await offers.createPriceList(actor, input);
  return { lists: inputs.length, entries: inputs.reduce((s, l) => s + l.entries.length, 0), problems };
}
