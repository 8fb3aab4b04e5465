/**
 * The catalog's rules beyond the shape of the input (rate category, HSN versus SAC, price within
 * MRP, codes unique within an input) and the rows of new items, shared by the API and the import.
 */
import type { Insertable } from 'kysely';
import type { ItemVariantsTable, ItemsTable } from '../../db/tables/billing.tables.js';
import { invalid } from '../../domain/app-error.js';
import { DEFAULT_RATE_CATEGORIES } from '../../domain/gst/index.js';
import { newId } from '../../domain/ids.js';
import type { ItemInput, VariantInput } from './catalog.schemas.js';

/** Rate categories an item may have. */
export const knownCategories = new Set(DEFAULT_RATE_CATEGORIES.map((c) => c.id));

/** Rules beyond the shape: category, HSN versus SAC, price within MRP, codes unique in the input. */
export function checkItemRules(item: ItemInput, field = ''): void {
  if (!knownCategories.has(item.rateCategory)) throw invalid(`${field}rateCategory`, 'unknown rate category');
  checkKind(item.kind, item.hsnSac, field);
  const seen = { barcode: new Set<string>(), sku: new Set<string>() };
  item.variants.forEach((v, i) => {
    checkMrp(v.pricePaise, v.mrpPaise, item.priceIncludesTax, `${field}variants.${i}`);
    for (const column of ['barcode', 'sku'] as const) {
      const value = v[column];
      if (value === undefined || value === null) continue;
      if (seen[column].has(value))
        throw invalid(`${field}variants.${i}.${column}`, `repeats another variant's ${column}`);
      seen[column].add(value);
    }
  });
}

/** Services carry a SAC (99...), goods an HSN code. */
export function checkKind(kind: string, hsnSac: string, field: string): void {
  const service = hsnSac.startsWith('99');
  if (kind === 'services' && !service)
    throw invalid(`${field}hsnSac`, 'a service needs a SAC code (starting 99)');
  if (kind === 'goods' && service)
    throw invalid(`${field}hsnSac`, 'goods need an HSN code (SAC codes start 99)');
}

/** A tax-inclusive price may not exceed the MRP. */
export function checkMrp(
  price: number,
  mrp: number | null | undefined,
  inclusive: boolean,
  field: string,
): void {
  // MRP includes every tax, so only a tax-inclusive price compares with it directly.
  if (mrp !== undefined && mrp !== null && inclusive && price > mrp)
    throw invalid(`${field}.pricePaise`, 'must not exceed the MRP');
}

/** A new variant's row at a position within its item. */
export function variantRow(
  tenantId: string,
  itemId: string,
  v: VariantInput,
  now: string,
  position: number,
): Insertable<ItemVariantsTable> {
  return {
    tenant_id: tenantId,
    id: newId(),
    item_id: itemId,
    sku: v.sku ?? null,
    barcode: v.barcode ?? null,
    size: v.size ?? null,
    colour: v.colour ?? null,
    price: v.pricePaise,
    mrp: v.mrpPaise ?? null,
    position,
    active: 1,
    created_at: now,
    updated_at: now,
  };
}

/** Rows for new items, ready to insert. */
export function itemRows(
  tenantId: string,
  items: readonly ItemInput[],
  now: string,
): { items: Insertable<ItemsTable>[]; variants: Insertable<ItemVariantsTable>[] } {
  const out = { items: [] as Insertable<ItemsTable>[], variants: [] as Insertable<ItemVariantsTable>[] };
  for (const item of items) {
    const id = newId();
    out.items.push({
      tenant_id: tenantId,
      id,
      kind: item.kind,
      name: item.name,
      hsn_sac: item.hsnSac,
      uqc: item.uqc,
      rate_category: item.rateCategory,
      price_includes_tax: item.priceIncludesTax ? 1 : 0,
      brand: item.brand ?? null,
      category: item.category ?? null,
      collection: item.collection ?? null,
      active: 1,
      created_at: now,
      updated_at: now,
    });
    item.variants.forEach((v, i) => out.variants.push(variantRow(tenantId, id, v, now, i + 1)));
  }
  return out;
}
