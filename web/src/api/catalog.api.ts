/**
 * Item lookup for the counter: a scanned or typed code is a variant's barcode
 * (GET /api/v1/items/barcodes/:code answers the item with that variant only).
 */
import { api } from './api-client';
import { ApiError } from './api-error';

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

interface ItemWithVariant {
  id: string;
  name: string;
  variants: {
    id: string;
    barcode: string | null;
    size: string | null;
    colour: string | null;
    pricePaise: number;
  }[];
}

/** The item with this barcode, or null when there is none. */
export async function findItemByCode(code: string, signal?: AbortSignal): Promise<CatalogItem | null> {
  try {
    const item = await api<ItemWithVariant>(
      'GET',
      `/items/barcodes/${encodeURIComponent(code)}`,
      undefined,
      signal === undefined ? {} : { signal },
    );
    const variant = item.variants[0];
    if (variant === undefined) return null;
    const detail = [variant.size, variant.colour].filter((v) => v !== null).join(', ');
    return {
      id: variant.id,
      itemId: item.id,
      name: detail === '' ? item.name : `${item.name} (${detail})`,
      barcode: variant.barcode ?? code,
      pricePaise: variant.pricePaise,
    };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return null;
    throw error;
  }
}
