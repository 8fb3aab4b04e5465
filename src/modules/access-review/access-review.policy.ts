/**
 * Who reviews what. A grant in a store is reviewed by that store's managers; owner and admin roles
 * and tenant-wide grants by the owners. Owners may decide any item, and items left unanswered past
 * the due date are escalated to them. Nobody reviews their own roles, except a sole owner, who
 * has nobody else to ask.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AccessReviewItemsTable } from '../../db/tables/security-audit.tables.js';

export interface Reviewer {
  userId: string;
  isOwner: boolean;
  /** Whether this owner is the only active owner of the business. */
  soleOwner: boolean;
  /** Stores where the reviewer holds the manager role (`all` for a tenant-wide manager). */
  managerOf: ReadonlySet<string> | 'all';
  /** Sees every item (owners and user managers), not only the ones to decide. */
  seesAll: boolean;
}

/** The store a grant's review goes to, or `*` for the owners. */
export function reviewerScopeOf(role: string, storeId: string): string {
  return role === 'owner' || role === 'admin' || storeId === '*' ? '*' : storeId;
}

type Item = Pick<AccessReviewItemsTable, 'user_id' | 'reviewer_scope' | 'escalated_at'>;

export function mayDecide(reviewer: Reviewer, item: Item): boolean {
  if (item.user_id === reviewer.userId) return reviewer.isOwner && reviewer.soleOwner;
  if (reviewer.isOwner) return true;
  if (item.reviewer_scope === '*' || item.escalated_at !== null) return false;
  return reviewer.managerOf === 'all' || reviewer.managerOf.has(item.reviewer_scope);
}

export function mayView(reviewer: Reviewer, item: Item): boolean {
  return reviewer.seesAll || mayDecide(reviewer, item) || item.user_id === reviewer.userId;
}

/** Active users holding the owner role. */
export async function activeOwners(db: Kysely<Database>, tenantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', (j) =>
      j.onRef('r.tenant_id', '=', 'ur.tenant_id').onRef('r.id', '=', 'ur.role_id'),
    )
    .innerJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'ur.tenant_id').onRef('u.id', '=', 'ur.user_id'),
    )
    .select('ur.user_id')
    .distinct()
    .where('ur.tenant_id', '=', tenantId)
    .where('r.name', '=', 'owner')
    .where('u.status', '=', 'active')
    .execute();
  return rows.map((r) => r.user_id);
}

/** The reviewer a signed-in user is. */
export async function reviewerOf(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
  roles: readonly string[],
  permissions: ReadonlySet<string>,
): Promise<Reviewer> {
  const isOwner = roles.includes('owner');
  const owners = isOwner ? await activeOwners(db, tenantId) : [];
  const managed = await db
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', (j) =>
      j.onRef('r.tenant_id', '=', 'ur.tenant_id').onRef('r.id', '=', 'ur.role_id'),
    )
    .select('ur.store_id')
    .where('ur.tenant_id', '=', tenantId)
    .where('ur.user_id', '=', userId)
    .where('r.name', '=', 'manager')
    .execute();
  const stores = managed.map((m) => m.store_id);
  return {
    userId,
    isOwner,
    soleOwner: isOwner && owners.length === 1 && owners[0] === userId,
    managerOf: stores.includes('*') ? 'all' : new Set(stores),
    seesAll: isOwner || permissions.has('user.manage'),
  };
}
