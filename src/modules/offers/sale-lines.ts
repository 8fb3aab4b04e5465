/**
 * Between checkout's catalog rows and the engines (pure): a row as the offers engine sees it, a
 * cart line with its offer savings as a discount, the mixed-supply rates of lines sold together
 * for one price (CGST Act s.8(b)), and the MRP check of the priced lines.
 */
import { invalid } from '../../domain/app-error.js';
import type { CartLineInput, PricedLine, PricedDocument } from '../../domain/gst/index.js';
import { formatRupees } from '../../domain/money/money.js';
import { lineValue, type OfferLine, type OfferLineResult } from '../../domain/offers/index.js';
import type { SellableRow } from '../catalog/item.repository.js';

export function offerLineOf(
  row: SellableRow,
  line: { quantity: number; unitPricePaise?: number | undefined },
): OfferLine {
  return {
    variantId: row.id,
    itemId: row.item_id,
    category: row.category,
    brand: row.brand,
    collection: row.collection,
    quantity: line.quantity,
    unitPricePaise: line.unitPricePaise ?? row.price,
    mrpPaise: row.mrp,
  };
}

/** The cart line at the price the offers engine billed it at, its savings added to any discount typed. */
export function withOffer(line: CartLineInput, result: OfferLineResult | undefined): CartLineInput {
  if (result === undefined) return line;
  const discount = (line.discountPaise ?? 0) + result.discountPaise;
  return {
    ...line,
    unitPricePaise: result.unitPricePaise,
    ...(discount > 0 ? { discountPaise: discount } : {}),
  };
}

/**
 * For each group of lines an offer sells for one price whose rates differ, every taxable line of
 * the group takes the highest of their rates (a line in two such groups takes the higher).
 */
export function mixedSupplyRates(
  lines: readonly PricedLine[],
  groups: readonly (readonly number[])[],
): Map<number, number> {
  const out = new Map<number, number>();
  for (const group of groups) {
    const taxable = group.flatMap((i) => {
      const line = lines[i];
      return line !== undefined && line.supply === 'taxable' ? [line] : [];
    });
    const rates = new Set(taxable.map((l) => l.rate));
    if (rates.size < 2) continue;
    const highest = Math.max(...rates);
    for (const l of taxable) out.set(l.index, Math.max(out.get(l.index) ?? 0, highest));
  }
  return out;
}

/** Refuses a line whose price with tax per piece is above the item's MRP (Legal Metrology). */
export function refuseAboveMrp(priced: PricedDocument, rows: readonly SellableRow[]): void {
  for (const line of priced.lines) {
    const mrp = rows[line.index]?.mrp ?? null;
    if (mrp === null || line.isService) continue;
    const ceiling = lineValue(mrp, line.quantity);
    if (line.totalPaise > ceiling)
      throw invalid(
        `lines.${line.index}`,
        `this sells at Rs ${formatRupees(line.totalPaise)}, above the MRP of Rs ${formatRupees(ceiling)}: a sale above the MRP is not allowed`,
      );
  }
}
