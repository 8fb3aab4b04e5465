/**
 * Rate-wise totals of document lines (by supply kind and rate): the tax summary printed on
 * invoices, the sales register rows and the items of GSTR-1 invoices all come from here.
 */
import type { RateSummaryRow, TaxedLine } from './pricing.types.js';
import { addTaxHeads, NO_TAX } from './tax-heads.js';

/** Lines summed per supply kind and rate, lowest rate first. */
export function summariseByRate(
  lines: readonly Pick<TaxedLine, 'supply' | 'rate' | 'taxablePaise' | 'taxes'>[],
): RateSummaryRow[] {
  const rows = new Map<string, RateSummaryRow>();
  for (const line of lines) {
    const key = `${line.supply}:${line.rate}`;
    const row = rows.get(key);
    rows.set(key, {
      rate: line.rate,
      supply: line.supply,
      taxablePaise: (row?.taxablePaise ?? 0) + line.taxablePaise,
      taxes: addTaxHeads(row?.taxes ?? NO_TAX, line.taxes),
    });
  }
  return [...rows.values()].sort((a, b) => a.rate - b.rate || a.supply.localeCompare(b.supply));
}

/** Taxable lines only, summed per rate. */
export function taxableByRate(
  lines: readonly Pick<TaxedLine, 'supply' | 'rate' | 'taxablePaise' | 'taxes'>[],
): RateSummaryRow[] {
  return summariseByRate(lines.filter((line) => line.supply === 'taxable'));
}
