/**
 * Item lookup for the counter. The catalogue API arrives with billing (GET /api/v1/items); until
 * then every code is answered "not found" by the server and the counter says so.
 */
import { api } from './api-client';
import { ApiError } from './api-error';

/** What the counter needs of an item to put it in the cart. */
export interface CatalogItem {
  id: string;
  name: string;
  barcode: string;
  /** Selling price per unit in paise. */
  pricePaise: number;
}

/** The item with this barcode or SKU, or null when there is none. */
export async function findItemByCode(code: string, signal?: AbortSignal): Promise<CatalogItem | null> {
  try {
    const result = await api<{ items: CatalogItem[] }>(
      'GET',
      `/items?barcode=${encodeURIComponent(code)}&limit=1`,
      undefined,
      signal === undefined ? {} : { signal },
    );
    return result.items[0] ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
