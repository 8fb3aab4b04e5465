/** Factories for the rows most tests need: a tenant with a store and a counter, and users. */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { newId } from '../../src/domain/ids.js';

const now = () => new Date().toISOString();

export interface TenantFixture {
  tenantId: string;
  storeId: string;
  counterId: string;
}

export async function createTenant(
  db: Kysely<Database>,
  options: { name?: string; gstin?: string; stateCode?: string } = {},
): Promise<TenantFixture> {
  const tenantId = newId();
  const storeId = newId();
  const counterId = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('tenants')
      .values({ id: tenantId, name: options.name ?? 'Sharma Garments', status: 'active', created_at: now() })
      .execute();
    await createStoreRow(trx, tenantId, storeId, options);
    await trx
      .insertInto('counters')
      .values({ tenant_id: tenantId, id: counterId, store_id: storeId, name: 'Counter 1', created_at: now() })
      .execute();
  });
  return { tenantId, storeId, counterId };
}

async function createStoreRow(
  db: Kysely<Database>,
  tenantId: string,
  storeId: string,
  options: { gstin?: string; stateCode?: string; storeName?: string },
): Promise<void> {
  await db
    .insertInto('stores')
    .values({
      tenant_id: tenantId,
      id: storeId,
      name: options.storeName ?? 'Main Store',
      gstin: options.gstin ?? '24AAQCA8719H1ZC',
      state_code: options.stateCode ?? '24',
      address: 'Shop 4, CG Road, Ahmedabad',
      created_at: now(),
    })
    .execute();
}

export async function createStore(
  db: Kysely<Database>,
  tenantId: string,
  options: { gstin?: string; stateCode?: string; storeName?: string } = {},
): Promise<string> {
  const storeId = newId();
  await createStoreRow(db, tenantId, storeId, options);
  return storeId;
}

export async function createUser(
  db: Kysely<Database>,
  tenantId: string,
  options: { status?: 'active' | 'invited' | 'disabled' } = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('users')
    .values({
      tenant_id: tenantId,
      id,
      status: options.status ?? 'active',
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
}
