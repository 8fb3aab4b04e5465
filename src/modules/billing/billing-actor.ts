/**
 * Who acts in a billing, catalog or customer service call: a signed-in caller (whose store
 * scope and per-store permissions apply) or the machine's operator running a CLI command or a
 * job (tenant-wide, like the owner). Services take it first and record audit entries with it.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import { auditContextOf, requireAuth, type RequestAuth } from '../../http/request-auth.js';
import type { AuditContext } from '../audit/audit.types.js';
import { requirePermissionInStore } from '../auth/access.policy.js';

export interface BillingActor {
  readonly tenantId: string;
  readonly audit: AuditContext;
  /** The signed-in caller; absent for the operator (CLI) and jobs, who act tenant-wide. */
  readonly auth?: RequestAuth;
  /** The user id recorded on documents and ledger rows (null for the operator). */
  readonly userId: string | null;
}

/** The actor of an authenticated request. */
export function actorFromRequest(request: FastifyRequest): BillingActor {
  const auth = requireAuth(request);
  return { tenantId: auth.tenantId, audit: auditContextOf(request), auth, userId: auth.userId };
}

/** The operator of this machine (a CLI command) or a job, acting for a tenant. */
export function operatorActor(tenantId: string, source: 'cli' | 'setup' | 'job' = 'cli'): BillingActor {
  return {
    tenantId,
    audit: { tenantId, actor: { type: 'system', id: source }, source },
    userId: null,
  };
}

/** Whether the actor holds a permission (the operator holds every one). */
export function actorCan(actor: BillingActor, permission: string): boolean {
  return actor.auth === undefined || actor.auth.permissions.has(permission);
}

/** Throws `forbidden` unless the actor holds the permission. */
export function requireActorPermission(actor: BillingActor, permission: string, what: string): void {
  if (!actorCan(actor, permission)) throw new AppError('forbidden', `your role does not allow ${what}`);
}

/**
 * The actor may do `permission` in `storeId`: a store outside the caller's scope answers 404,
 * like another tenant's object; a store where the role lacks the permission answers 403.
 */
export async function authorizeStore(
  db: Kysely<Database>,
  actor: BillingActor,
  permission: string,
  storeId: string,
): Promise<void> {
  if (actor.auth === undefined) return;
  await requirePermissionInStore(db, actor.auth, permission, storeId);
}

/** Throws not-found when an object's store is outside the actor's scope. */
export function requireStoreVisible(actor: BillingActor, storeId: string, what: string): void {
  const stores = actor.auth?.storeIds ?? 'all';
  if (stores !== 'all' && !stores.has(storeId)) throw notFound(what);
}

/** The stores the actor may see: `all`, or a list to filter queries by. */
export function visibleStores(actor: BillingActor): 'all' | readonly string[] {
  const stores = actor.auth?.storeIds ?? 'all';
  return stores === 'all' ? 'all' : [...stores];
}
