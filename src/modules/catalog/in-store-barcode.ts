/**
 * Barcodes the shop prints itself: EAN-13 in the GS1 in-store range (prefix 20, never issued to a
 * manufacturer, so they cannot clash with a product's own barcode), numbered on from the highest
 * the shop has used.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The EAN-13 check digit of 12 digits (weights 1, 3, 1, 3 ...). */
export function ean13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/** The n-th in-store EAN-13 (`20` + ten digits + check digit). */
export function inStoreBarcode(n: number): string {
  const body = `20${String(n).padStart(10, '0')}`;
  return `${body}${ean13CheckDigit(body)}`;
}

/** True for a 13-digit code whose check digit is right. */
export function isEan13(code: string): boolean {
  return /^[0-9]{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === code.charAt(12);
}

/** The next `count` unused in-store barcodes of the tenant (read inside the writing transaction). */
export async function nextInStoreBarcodes(
  db: Kysely<Database>,
  tenantId: string,
  count: number,
): Promise<string[]> {
  const row = await db
    .selectFrom('item_variants')
    .select((eb) => eb.fn.max('barcode').as('top'))
    .where('tenant_id', '=', tenantId)
    .where('barcode', '>=', '2000000000000')
    .where('barcode', '<=', '2099999999999')
    .executeTakeFirst();
  const top =
    typeof row?.top === 'string' && /^20[0-9]{11}$/.test(row.top) ? Number(row.top.slice(2, 12)) : 0;
  return Array.from({ length: count }, (_, i) => inStoreBarcode(top + 1 + i));
}
