/**
 * Whose data a unit of work may touch on PostgreSQL (issue 20, ADR 0064). Work runs in one of two
 * scopes, carried by AsyncLocalStorage so that every query the work makes, however deep, is held
 * to it without passing anything down:
 *
 * - `asTenant(id, work)`: every statement runs in a transaction that first switches to the
 *   application role (`tijori_app`: not the tables' owner, no BYPASSRLS) and sets the
 *   transaction-local `tijori.tenant`, so the row-level security policies show and accept only
 *   that business's rows. Authenticated requests run their handler in it (http/route-access.ts);
 *   per-business jobs run each business's unit of work in it.
 * - `asSystem(reason, work)`: statements run as the connection's own role (the tables' owner):
 *   the documented cross-business paths, which are the lookups made before a business is known
 *   (the access guard, sign-in and other public routes), migrations and start-up, the job
 *   scheduler's claims and its choice of businesses, and the operator's CLI commands.
 *
 * Work outside both (nothing established a scope) runs as the owner too; the entry points (the
 * HTTP route wrapper, the jobs helper, the CLI) establish one, and `currentDbScope` tells which.
 * SQLite has one business per installation and ignores scopes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type DbScope =
  | { readonly kind: 'tenant'; readonly tenantId: string }
  | { readonly kind: 'system'; readonly reason: string };

/** The role tenant work runs as on PostgreSQL; created and granted by `installTenantPolicies`. */
export const APPLICATION_ROLE = 'tijori_app';

/** Tenant ids are inlined into the scope's first statement, so only plain tokens are accepted. */
const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const storage = new AsyncLocalStorage<DbScope>();

/** Runs `work` with every PostgreSQL statement held to the business's rows. */
export function asTenant<T>(tenantId: string, work: () => T): T {
  if (!TENANT_ID.test(tenantId)) throw new Error('asTenant: not a tenant id');
  return storage.run({ kind: 'tenant', tenantId }, work);
}

/** Runs `work` as the owner role: a documented cross-business path (see the header). */
export function asSystem<T>(reason: string, work: () => T): T {
  return storage.run({ kind: 'system', reason }, work);
}

export function currentDbScope(): DbScope | undefined {
  return storage.getStore();
}

/**
 * The statements that put a transaction in the tenant's scope: the application role and the
 * tenant setting, both transaction-local (they end with the transaction).
 */
export function tenantPrologue(tenantId: string): string {
  if (!TENANT_ID.test(tenantId)) throw new Error('tenant scope: not a tenant id');
  return `set local role ${APPLICATION_ROLE}; select set_config('tijori.tenant', '${tenantId}', true)`;
}
