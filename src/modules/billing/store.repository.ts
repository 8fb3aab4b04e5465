/** Stores as billing reads them: existence within the tenant, GSTIN and state. */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StoresTable } from '../../db/tables/foundation.tables.js';
import { notFound } from '../../domain/app-error.js';

export type StoreRow = Selectable<StoresTable>;

/** The tenant's store, or not-found (another tenant's store id answers the same). */
export async function requireStore(
  db: Kysely<Database>,
  tenantId: string,
  storeId: string,
): Promise<StoreRow> {
  const store = await db
    .selectFrom('stores')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', storeId)
    .executeTakeFirst();
  if (store === undefined) throw notFound('store');
  return store;
}

/** Every store of the tenant, oldest first. */
export async function listStores(db: Kysely<Database>, tenantId: string): Promise<StoreRow[]> {
  return db
    .selectFrom('stores')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
}
