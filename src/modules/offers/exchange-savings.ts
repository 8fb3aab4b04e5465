/**
 * Exchanges keep the discount (ADR 0029): a new line for the same item as a returned line (another
 * size or colour) carries the returned line's savings per piece, for as many pieces as came back,
 * unless the offers in force now give that line more.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { LineSaving } from '../../domain/offers/index.js';
import type { SellableRow } from '../catalog/item.repository.js';
import type { SaleOffers } from './sale-offers.js';

/** New line index -> the savings it carries. */
export type CarriedSavings = ReadonlyMap<number, readonly LineSaving[]>;

/** The savings each new line carries from the returned lines of the same item. */
export async function carriedSavings(
  db: Kysely<Database>,
  tenantId: string,
  invoiceId: string,
  returned: readonly { lineNumber: number; quantity: number }[],
  newLines: readonly { row: SellableRow; quantity: number }[],
): Promise<CarriedSavings> {
  if (returned.length === 0) return new Map();
  const [lines, savings] = await Promise.all([
    db
      .selectFrom('sales_document_lines')
      .select(['line_no', 'item_id', 'qty_milli'])
      .where('tenant_id', '=', tenantId)
      .where('document_id', '=', invoiceId)
      .execute(),
    db
      .selectFrom('sales_line_savings')
      .select(['line_no', 'source', 'source_id', 'name', 'saving'])
      .where('tenant_id', '=', tenantId)
      .where('document_id', '=', invoiceId)
      .orderBy('line_no')
      .orderBy('seq')
      .execute(),
  ]);
  // Pieces returned per line, still to be matched with new lines.
  const left = new Map(returned.map((r) => [r.lineNumber, Math.floor(r.quantity)]));
  const out = new Map<number, LineSaving[]>();
  newLines.forEach(({ row, quantity }, index) => {
    let wanted = Math.floor(quantity);
    const carried = new Map<string, LineSaving>();
    for (const line of lines) {
      if (wanted === 0) break;
      if (line.item_id !== row.item_id) continue;
      const pieces = Math.min(wanted, left.get(line.line_no) ?? 0);
      if (pieces === 0) continue;
      left.set(line.line_no, (left.get(line.line_no) ?? 0) - pieces);
      wanted -= pieces;
      const sold = line.qty_milli / 1000;
      for (const s of savings.filter((v) => v.line_no === line.line_no)) {
        const paise = Math.floor((s.saving * pieces) / sold);
        const before = carried.get(s.source_id);
        carried.set(s.source_id, {
          source: s.source === 'price-list' ? 'price-list' : 'offer',
          id: s.source_id,
          name: s.name,
          paise: (before?.paise ?? 0) + paise,
        });
      }
    }
    const list = [...carried.values()].filter((s) => s.paise > 0);
    if (list.length > 0) out.set(index, list);
  });
  return out;
}

/** The sale's offers with each carrying line's savings, where they give more than today's offers. */
export function carrySavings(sale: SaleOffers, carried: CarriedSavings): SaleOffers {
  const lines = sale.quote.lines.map((line, i) => {
    const keep = carried.get(i);
    if (keep === undefined) return line;
    const paise = keep.reduce((s, v) => s + v.paise, 0);
    if (paise <= line.discountPaise) return line;
    return {
      ...line,
      listPricePaise: line.unitPricePaise,
      priceListId: null,
      discountPaise: paise,
      savings: keep,
    };
  });
  return {
    ...sale,
    quote: { ...sale.quote, lines, savingPaise: lines.reduce((s, l) => s + l.discountPaise, 0) },
  };
}
