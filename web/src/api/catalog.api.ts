/**
 * Items, variants and stock (server: /api/v1/items, /stock). The counter looks a scanned code up
 * as a variant's barcode (GET /items/barcodes/:code answers the item with that variant only) and
 * searches by name; the back office lists, edits, adjusts stock and imports CSV files.
 */
import type { ItemView, VariantView } from '../../../src/modules/catalog/catalog.schemas';
import type { StockLevelView } from '../../../src/modules/catalog/stock.service';
import type { ImportReport } from '../../../src/modules/billing/csv-import';
import { api } from './api-client';
import { ApiError } from './api-error';

export type { ImportReport, ItemView, StockLevelView, VariantView };

/** What the counter needs of an item to put it in the cart. */
export interface CatalogItem {
  /** The variant sold (size, colour): checkout bills variants. */
  id: string;
  itemId: string;
  name: string;
  barcode: string;
  /** Selling price per unit in paise. */
  pricePaise: number;
}

/** `Cotton shirt (M, Blue)`: the name printed on the bill. */
export function variantName(
  item: Pick<ItemView, 'name'>,
  variant: Pick<VariantView, 'size' | 'colour'>,
): string {
  const detail = [variant.size, variant.colour].filter((v) => v !== null && v !== '').join(', ');
  return detail === '' ? item.name : `${item.name} (${detail})`;
}

function sellable(item: ItemView, variant: VariantView): CatalogItem {
  return {
    id: variant.id,
    itemId: item.id,
    name: variantName(item, variant),
    barcode: variant.barcode ?? variant.sku ?? '',
    pricePaise: variant.pricePaise,
  };
}

/** The item with this barcode, or null when there is none. */
export async function findItemByCode(code: string, signal?: AbortSignal): Promise<CatalogItem | null> {
  try {
    const item = await api<ItemView>(
      'GET',
      `/items/barcodes/${encodeURIComponent(code)}`,
      undefined,
      signal === undefined ? {} : { signal },
    );
    const variant = item.variants[0];
    return variant === undefined ? null : sellable(item, variant);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return null;
    throw error;
  }
}

/** Active variants whose item name contains `text`, at most `limit` of them. */
export async function searchItems(text: string, limit = 12, signal?: AbortSignal): Promise<CatalogItem[]> {
  const query = new URLSearchParams({ q: text, limit: String(limit) });
  const { items } = await api<{ items: ItemView[] }>(
    'GET',
    `/items?${query.toString()}`,
    undefined,
    signal === undefined ? {} : { signal },
  );
  return items
    .flatMap((item) => item.variants.filter((v) => v.active).map((v) => sellable(item, v)))
    .slice(0, limit);
}

const id = encodeURIComponent;

export const catalogApi = {
  items: (query: { q?: string; after?: string; includeInactive?: boolean }) => {
    const params = new URLSearchParams({ limit: '50' });
    if (query.q !== undefined && query.q !== '') params.set('q', query.q);
    if (query.after !== undefined) params.set('after', query.after);
    if (query.includeInactive === true) params.set('includeInactive', 'true');
    return api<{ items: ItemView[] }>('GET', `/items?${params.toString()}`);
  },
  updateItem: (itemId: string, patch: Partial<Omit<ItemView, 'id' | 'variants' | 'kind'>>) =>
    api<ItemView>('PATCH', `/items/${id(itemId)}`, patch),
  updateVariant: (itemId: string, variantId: string, patch: Partial<Omit<VariantView, 'id'>>) =>
    api<VariantView>('PATCH', `/items/${id(itemId)}/variants/${id(variantId)}`, patch),
  stock: (storeId: string) => api<{ levels: StockLevelView[] }>('GET', `/stock?storeId=${id(storeId)}`),
  adjust: (storeId: string, reason: string, lines: { variantId: string; quantity: number }[]) =>
    api<{ adjustmentId: string; levels: StockLevelView[] }>('POST', '/stock/adjustments', {
      storeId,
      reason,
      lines,
    }),
  importItems: (csv: string, skipInvalid: boolean, storeId?: string) =>
    api<ImportReport>(
      'POST',
      `/items/import?skipInvalid=${String(skipInvalid)}${storeId === undefined ? '' : `&storeId=${id(storeId)}`}`,
      csv,
      {
        textType: 'text/csv',
      },
    ),
};
