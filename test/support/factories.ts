/** Factories for the rows most tests need: a tenant with a store and a counter, and users. */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { newId } from '../../src/domain/ids.js';
import { seedBuiltinRoles } from '../../src/modules/auth/account.repository.js';
import type { Identity } from '../../src/modules/auth/identity.module.js';

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

export interface CreateUserOptions {
  status?: 'active' | 'invited' | 'disabled';
  /** Role grants (`storeId` `*` for tenant-wide); the tenant's built-in roles are seeded if missing. */
  roles?: ReadonlyArray<{ role: string; storeId?: string }>;
  /** With the identity services, the user also gets an email, a name and a checked password. */
  identity?: Identity;
  email?: string;
  password?: string;
}

export async function createUser(
  db: Kysely<Database>,
  tenantId: string,
  options: CreateUserOptions = {},
): Promise<string> {
  const grants = (options.roles ?? []).map((g) => ({ role: g.role, storeId: g.storeId ?? '*' }));
  if (grants.length > 0 || options.identity !== undefined) await ensureRoles(db, tenantId);
  if (options.identity !== undefined) {
    const userId = await options.identity.users.createAccount({
      tenantId,
      email: options.email ?? `user-${newId().slice(0, 8)}@example.com`,
      displayName: 'Test User',
      password: options.password ?? `lantern ${newId().slice(0, 8)} monsoon teapot`,
      grants,
      status: options.status ?? 'active',
    });
    return userId;
  }
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
  for (const grant of grants) {
    const role = await db
      .selectFrom('roles')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('name', '=', grant.role)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('user_roles')
      .values({ tenant_id: tenantId, user_id: id, role_id: role.id, store_id: grant.storeId })
      .execute();
  }
  return id;
}

async function ensureRoles(db: Kysely<Database>, tenantId: string): Promise<void> {
  const any = await db.selectFrom('roles').select('id').where('tenant_id', '=', tenantId).executeTakeFirst();
  if (any === undefined) await seedBuiltinRoles(db, tenantId, now());
}
