/**
 * Who acts in a service call: a signed-in caller (whose store scope and per-store permissions
 * apply) or the machine's operator running a CLI command or a job (tenant-wide, like the owner).
 * Services take it first and record audit entries with it. Part of the shared kernel: any module
 * may import it; it imports nothing from `http/` or a capability.
 */
import { AppError, notFound } from '../domain/app-error.js';
import type { AccessContext } from './access-context.js';
import type { AuditContext } from './audit.js';

export interface ServiceActor {
  readonly tenantId: string;
  readonly audit: AuditContext;
  /** The signed-in caller; absent for the operator (CLI) and jobs, who act tenant-wide. */
  readonly auth?: AccessContext;
  /** The user id recorded on documents and ledger rows (null for the operator). */
  readonly userId: string | null;
}

/** The operator of this machine (a CLI command) or a job, acting for a tenant. */
export function operatorActor(tenantId: string, source: 'cli' | 'setup' | 'job' = 'cli'): ServiceActor {
  return {
    tenantId,
    audit: { tenantId, actor: { type: 'system', id: source }, source },
    userId: null,
  };
}

/** Whether the actor holds a permission (the operator holds every one). */
export function actorCan(actor: ServiceActor, permission: string): boolean {
  return actor.auth === undefined || actor.auth.permissions.has(permission);
}

/** Throws `forbidden` unless the actor holds the permission. */
export function requireActorPermission(actor: ServiceActor, permission: string, what: string): void {
  if (!actorCan(actor, permission)) throw new AppError('forbidden', `your role does not allow ${what}`);
}

/** Throws not-found when an object's store is outside the actor's scope. */
export function requireStoreVisible(actor: ServiceActor, storeId: string, what: string): void {
  const stores = actor.auth?.storeIds ?? 'all';
  if (stores !== 'all' && !stores.has(storeId)) throw notFound(what);
}

/** The stores the actor may see: `all`, or a list to filter queries by. */
export function visibleStores(actor: ServiceActor): 'all' | readonly string[] {
  const stores = actor.auth?.storeIds ?? 'all';
  return stores === 'all' ? 'all' : [...stores];
}
