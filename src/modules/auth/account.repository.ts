/**
 * Queries over accounts, roles and grants. Every query that takes a tenant filters by it; the
 * one installation-wide lookup is by the login index at sign-in, which yields the tenant.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId } from '../../domain/ids.js';
import { builtinRoles, mfaRequiredRoles } from './permissions.js';

export interface AccountRow {
  tenantId: string;
  userId: string;
  status: 'active' | 'invited' | 'disabled';
  passwordHash: string | null;
  /** The retired pepper the hash is under; null: the current one (ADR 0054). */
  pepperId: string | null;
  passwordChangedAt: string | null;
}

export interface Grants {
  roles: string[];
  permissions: Set<string>;
  storeIds: Set<string> | 'all';
  /** Permissions per store (`*` for tenant-wide). */
  byStore: Map<string, Set<string>>;
}

export async function findAccountByLoginIndex(
  db: Kysely<Database>,
  loginIndex: string,
): Promise<AccountRow | undefined> {
  const row = await db
    .selectFrom('user_accounts as a')
    .innerJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.id', '=', 'a.user_id'),
    )
    .select([
      'a.tenant_id',
      'a.user_id',
      'u.status',
      'a.password_hash',
      'a.pepper_id',
      'a.password_changed_at',
    ])
    .where('a.login_index', '=', loginIndex)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        tenantId: row.tenant_id,
        userId: row.user_id,
        status: row.status,
        passwordHash: row.password_hash,
        pepperId: row.pepper_id,
        passwordChangedAt: row.password_changed_at,
      };
}

export async function findAccount(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
): Promise<AccountRow | undefined> {
  const row = await db
    .selectFrom('user_accounts as a')
    .innerJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.id', '=', 'a.user_id'),
    )
    .select([
      'a.tenant_id',
      'a.user_id',
      'u.status',
      'a.password_hash',
      'a.pepper_id',
      'a.password_changed_at',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.user_id', '=', userId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        tenantId: row.tenant_id,
        userId: row.user_id,
        status: row.status,
        passwordHash: row.password_hash,
        pepperId: row.pepper_id,
        passwordChangedAt: row.password_changed_at,
      };
}

/** The user's roles and effective permissions across their stores. */
export async function loadGrants(db: Kysely<Database>, tenantId: string, userId: string): Promise<Grants> {
  const rows = await db
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', (j) =>
      j.onRef('r.tenant_id', '=', 'ur.tenant_id').onRef('r.id', '=', 'ur.role_id'),
    )
    .leftJoin('role_permissions as rp', (j) =>
      j.onRef('rp.tenant_id', '=', 'ur.tenant_id').onRef('rp.role_id', '=', 'ur.role_id'),
    )
    .select(['r.name', 'ur.store_id', 'rp.permission'])
    .where('ur.tenant_id', '=', tenantId)
    .where('ur.user_id', '=', userId)
    .execute();
  const roles = new Set<string>();
  const permissions = new Set<string>();
  const byStore = new Map<string, Set<string>>();
  let tenantWide = false;
  const stores = new Set<string>();
  for (const row of rows) {
    roles.add(row.name);
    if (row.store_id === '*') tenantWide = true;
    else stores.add(row.store_id);
    const set = byStore.get(row.store_id) ?? new Set<string>();
    if (row.permission !== null) {
      set.add(row.permission);
      permissions.add(row.permission);
    }
    byStore.set(row.store_id, set);
  }
  return { roles: [...roles], permissions, storeIds: tenantWide ? 'all' : stores, byStore };
}

export function requiresMfa(roles: readonly string[]): boolean {
  return roles.some((r) => mfaRequiredRoles.has(r));
}

/** Creates the built-in roles of a new tenant; returns their ids by name. */
export async function seedBuiltinRoles(
  db: Kysely<Database>,
  tenantId: string,
  now: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [name, perms] of Object.entries(builtinRoles)) {
    const id = newId();
    ids.set(name, id);
    await db
      .insertInto('roles')
      .values({ tenant_id: tenantId, id, name, builtin: 1, created_at: now })
      .execute();
    if (perms.length > 0)
      await db
        .insertInto('role_permissions')
        .values(perms.map((permission) => ({ tenant_id: tenantId, role_id: id, permission })))
        .execute();
  }
  return ids;
}

export async function roleIdByName(
  db: Kysely<Database>,
  tenantId: string,
  name: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('roles')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.id;
}

/** Whether the user has a confirmed second factor (TOTP or a passkey). */
export async function hasSecondFactor(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
): Promise<boolean> {
  const totp = await db
    .selectFrom('totp_secrets')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  if (totp !== undefined) return true;
  const key = await db
    .selectFrom('webauthn_credentials')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return key !== undefined;
}

export interface TenantAuthSettings {
  minPasswordLength: number;
  pciMode: boolean;
  counterIdleMinutes: number | null;
}

export async function tenantAuthSettings(
  db: Kysely<Database>,
  tenantId: string,
): Promise<TenantAuthSettings> {
  const row = await db
    .selectFrom('tenant_auth_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return {
    minPasswordLength: row?.min_password_length ?? 0,
    pciMode: row?.pci_mode === 1,
    counterIdleMinutes: row?.counter_idle_minutes ?? null,
  };
}
