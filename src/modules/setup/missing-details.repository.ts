/**
 * What the missing-details prompt reads and writes: the shop's stores with their printed details,
 * the shop's UPI payee, and the details an owner chose to give later.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface StoreDetailsRow {
  storeId: string;
  storeName: string;
  addressLine1: string | null;
  city: string | null;
  pincode: string | null;
  phone: string | null;
  email: string | null;
  hasLogo: boolean;
}

/** Every store of the shop (oldest first) with its printed details; null where it has no profile. */
export async function storesWithDetails(db: Kysely<Database>, tenantId: string): Promise<StoreDetailsRow[]> {
  const rows = await db
    .selectFrom('stores')
    .leftJoin('store_profiles', (j) =>
      j
        .onRef('store_profiles.tenant_id', '=', 'stores.tenant_id')
        .onRef('store_profiles.store_id', '=', 'stores.id'),
    )
    .select([
      'stores.id as storeId',
      'stores.name as storeName',
      'store_profiles.address_line1',
      'store_profiles.city',
      'store_profiles.pincode',
      'store_profiles.phone',
      'store_profiles.email',
      'store_profiles.logo',
    ])
    .where('stores.tenant_id', '=', tenantId)
    .orderBy('stores.created_at')
    .orderBy('stores.id')
    .execute();
  return rows.map((r) => ({
    storeId: r.storeId,
    storeName: r.storeName,
    addressLine1: r.address_line1,
    city: r.city,
    pincode: r.pincode,
    phone: r.phone,
    email: r.email,
    hasLogo: r.logo !== null && r.logo !== '',
  }));
}

/** True when the shop has a UPI payee for its payment QR codes. */
export async function hasUpiPayee(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db
    .selectFrom('billing_settings')
    .select('upi_vpa')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.upi_vpa !== undefined && row.upi_vpa !== null && row.upi_vpa.trim() !== '';
}

/** The `store:detail` pairs a user skipped. */
export async function skipsOf(db: Kysely<Database>, tenantId: string, userId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('missing_detail_skips')
    .select(['store_id', 'detail'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
  return new Set(rows.map((r) => `${r.store_id}:${r.detail}`));
}

/** Remembers skips (a repeated skip keeps the first time). */
export async function insertSkips(
  db: Kysely<Database>,
  rows: ReadonlyArray<{ tenantId: string; userId: string; storeId: string; detail: string; at: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('missing_detail_skips')
    .values(
      rows.map((r) => ({
        tenant_id: r.tenantId,
        user_id: r.userId,
        store_id: r.storeId,
        detail: r.detail,
        skipped_at: r.at,
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'store_id', 'detail']).doNothing())
    .execute();
}
