/** An issued invoice's savings as stored, for its view (each line's savings, the offers, the total saved). */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SalesLineSavingsTable } from '../../db/tables/offers.tables.js';
import type { DocumentView } from '../billing/checkout.schemas.js';
import type { PrintedSavings } from '../documents/document-view.js';

type SavingRow = Pick<
  Selectable<SalesLineSavingsTable>,
  'line_no' | 'source' | 'source_id' | 'name' | 'saving' | 'coupon_code'
>;

export function loadLineSavings(
  db: Kysely<Database>,
  tenantId: string,
  documentId: string,
): Promise<SavingRow[]> {
  return db
    .selectFrom('sales_line_savings')
    .select(['line_no', 'source', 'source_id', 'name', 'saving', 'coupon_code'])
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId)
    .orderBy('line_no')
    .orderBy('seq')
    .execute();
}

export function withStoredSavings(view: DocumentView, rows: readonly SavingRow[]): DocumentView {
  const offers = new Map<string, NonNullable<DocumentView['offers']>[number]>();
  for (const r of rows) {
    if (r.source !== 'offer') continue;
    const at = offers.get(r.source_id);
    if (at === undefined)
      offers.set(r.source_id, {
        id: r.source_id,
        name: r.name,
        kind: 'offer',
        savingPaise: r.saving,
        lines: [r.line_no],
        couponCode: r.coupon_code,
      });
    else
      offers.set(r.source_id, {
        ...at,
        savingPaise: at.savingPaise + r.saving,
        lines: [...at.lines, r.line_no],
      });
  }
  return {
    ...view,
    lines: view.lines.map((line) => ({
      ...line,
      savings: rows
        .filter((r) => r.line_no === line.number)
        .map((r) => ({
          source: r.source === 'price-list' ? ('price-list' as const) : ('offer' as const),
          id: r.source_id,
          name: r.name,
          paise: r.saving,
        })),
    })),
    offers: [...offers.values()],
    savedPaise: rows.reduce((s, r) => s + r.saving, 0),
  };
}

/** An invoice's stored savings as its print shows them: each line's, and the total saved. */
export function printedSavings(rows: readonly SavingRow[]): PrintedSavings | null {
  if (rows.length === 0) return null;
  const lines = new Map<number, { name: string; paise: number }[]>();
  let savedPaise = 0;
  for (const r of rows) {
    const at = lines.get(r.line_no) ?? [];
    at.push({ name: r.name, paise: r.saving });
    lines.set(r.line_no, at);
    savedPaise += r.saving;
  }
  return { lines, savedPaise };
}
