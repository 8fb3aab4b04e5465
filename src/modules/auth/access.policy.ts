/**
 * Object-level checks other modules call after the route's permission check: store scoping
 * (a store the user is not assigned to answers 404, like an object of another tenant) and a
 * permission held in that particular store (roles are granted per store).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { loadGrants } from './account.repository.js';

/** Throws not-found when the caller is not assigned to `storeId` (tenant-wide users are). */
export function requireStoreAccess(auth: AccessContext, storeId: string): void {
  if (auth.storeIds !== 'all' && !auth.storeIds.has(storeId)) throw notFound('store');
}

/**
 * The caller may do `permission` in `storeId`: granted tenant-wide or in that store (and, for an
 * API token, within its scopes). Unassigned store: 404; assigned without the permission: 403.
 */
export async function requirePermissionInStore(
  db: Kysely<Database>,
  auth: AccessContext,
  permission: string,
  storeId: string,
): Promise<void> {
  requireStoreAccess(auth, storeId);
  if (!auth.permissions.has(permission)) throw new AppError('forbidden', 'your role does not allow this');
  const grants = await loadGrants(db, auth.tenantId, auth.userId);
  const allowed =
    (grants.byStore.get('*')?.has(permission) ?? false) ||
    (grants.byStore.get(storeId)?.has(permission) ?? false);
  if (!allowed) throw new AppError('forbidden', 'your role does not allow this in this store');
}

/**
 * The actor may do `permission` in `storeId`: a store outside the caller's scope answers 404,
 * like another tenant's object; a store where the role lacks the permission answers 403. The
 * operator (CLI, jobs) acts tenant-wide.
 */
export async function authorizeStore(
  db: Kysely<Database>,
  actor: ServiceActor,
  permission: string,
  storeId: string,
): Promise<void> {
  if (actor.auth === undefined) return;
  await requirePermissionInStore(db, actor.auth, permission, storeId);
}
