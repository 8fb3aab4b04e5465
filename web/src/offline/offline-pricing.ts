/**
 * Prices a cart offline with the same GST engine checkout uses (src/domain/gst), from the
 * catalog, rate corrections and pricing policy the counter keeps, so the total the customer pays
 * offline is the total the server bills when the sale arrives.
 */
import { createRateTable, istDateOf, priceCart, type RateTable } from '../../../src/domain/gst/index';
import type { InvoiceQuote } from '../api/billing.api';
import type { Cart } from '../counter/cart';
import type { OfflineCatalog } from '../../../src/modules/offline/offline-catalog.service';

export type { OfflineCatalog };
export type OfflineItem = OfflineCatalog['items'][number];

const tables = new WeakMap<OfflineCatalog, RateTable>();

function ratesOf(catalog: OfflineCatalog): RateTable {
  let table = tables.get(catalog);
  if (table === undefined) {
    table = createRateTable(catalog.rateEntries);
    tables.set(catalog, table);
  }
  return table;
}

/** The cart priced as checkout will bill it (no offers and no discounts: they need the server). */
export function priceOffline(catalog: OfflineCatalog, cart: Cart, now: Date): InvoiceQuote | null {
  if (cart.lines.length === 0) return null;
  const byId = new Map(catalog.items.map((i) => [i.variantId, i]));
  const lines = cart.lines.map((line) => {
    const item = byId.get(line.itemId);
    if (item === undefined) throw new Error('an item of this sale is not in the counter’s catalog');
    return {
      itemId: item.variantId,
      description: item.name,
      hsnSac: item.hsnSac,
      rateCategory: item.rateCategory,
      quantity: line.quantity,
      unit: item.uqc,
      unitPricePaise: item.pricePaise,
      priceIncludesTax: item.priceIncludesTax,
    };
  });
  const priced = priceCart(
    {
      documentDate: istDateOf(now),
      supplier: { stateCode: catalog.store.stateCode, registration: catalog.store.registration },
      buyer: null,
      policy: catalog.policy,
      lines,
    },
    ratesOf(catalog),
  );
  return {
    kind: priced.kind,
    regime: priced.regime,
    placeOfSupply: priced.placeOfSupply,
    lines: priced.lines.map((l, i) => ({
      number: i + 1,
      variantId: l.itemId ?? null,
      description: l.description,
      hsnSac: l.hsnSac,
      quantity: l.quantity,
      unit: l.unit,
      unitPricePaise: l.unitPricePaise,
      priceIncludesTax: l.priceIncludesTax,
      grossPaise: l.grossPaise,
      discountPaise: l.discountPaise,
      taxablePaise: l.taxablePaise,
      supply: l.supply,
      rate: l.rate,
      taxes: { ...l.taxes },
      totalPaise: l.totalPaise,
    })),
    totals: priced.totals,
    notes: [],
    reductionPaise: 0,
    approvalNeeded: false,
    offers: [],
    notApplied: [],
    savedPaise: 0,
  };
}

/** The catalog's variant for a scanned barcode or SKU. */
export function findOffline(catalog: OfflineCatalog, code: string): OfflineItem | undefined {
  const wanted = code.trim();
  return catalog.items.find((i) => i.barcode === wanted || i.sku === wanted);
}
