/**
 * The salon's staff as the counter shows them: users of the business with their roles and their
 * first name only (decrypted from the account's encrypted name; a receipt and a calendar need no
 * more). A staff id from a request is checked here before anything names it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';

export interface StaffMember {
  staffId: string;
  firstName: string;
  roles: string[];
}

/** The first word of a display name (`Asha Verma` -> `Asha`). */
export function firstNameOf(displayName: string | null): string {
  const first = (displayName ?? '').trim().split(/\s+/u)[0] ?? '';
  return first === '' ? 'Staff' : first;
}

/** Active users with their roles and first names, by first name. */
export async function listStaff(
  db: Kysely<Database>,
  cipher: FieldCipher,
  tenantId: string,
  onlyIds?: readonly string[],
): Promise<StaffMember[]> {
  if (onlyIds !== undefined && onlyIds.length === 0) return [];
  let query = db
    .selectFrom('users as u')
    .leftJoin('user_accounts as a', (j) =>
      j.onRef('a.tenant_id', '=', 'u.tenant_id').onRef('a.user_id', '=', 'u.id'),
    )
    .select(['u.id', 'a.name_enc'])
    .where('u.tenant_id', '=', tenantId)
    .where('u.status', '=', 'active');
  if (onlyIds !== undefined) query = query.where('u.id', 'in', [...onlyIds]);
  const users = await query.orderBy('u.id').execute();
  if (users.length === 0) return [];
  const grants = await db
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', (j) =>
      j.onRef('r.tenant_id', '=', 'ur.tenant_id').onRef('r.id', '=', 'ur.role_id'),
    )
    .select(['ur.user_id', 'r.name'])
    .where('ur.tenant_id', '=', tenantId)
    .where(
      'ur.user_id',
      'in',
      users.map((u) => u.id),
    )
    .orderBy('r.name')
    .execute();
  const out: StaffMember[] = [];
  for (const u of users) {
    const name =
      u.name_enc === null
        ? null
        : await cipher
            .decrypt({ tenantId, table: 'user_accounts', column: 'name_enc', rowId: u.id }, u.name_enc)
            .catch(() => null);
    out.push({
      staffId: u.id,
      firstName: firstNameOf(name),
      roles: [...new Set(grants.filter((g) => g.user_id === u.id).map((g) => g.name))],
    });
  }
  return out.sort((a, b) => a.firstName.localeCompare(b.firstName) || a.staffId.localeCompare(b.staffId));
}

/** Refuses ids that are not active staff of the business (one answer for unknown and inactive). */
export async function requireStaff(
  db: Kysely<Database>,
  tenantId: string,
  staffIds: readonly string[],
  field: string,
): Promise<void> {
  const unique = [...new Set(staffIds)];
  if (unique.length !== staffIds.length) throw invalid(field, 'name each staff member once');
  if (unique.length === 0) return;
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', unique)
    .where('status', '=', 'active')
    .execute();
  if (rows.length !== unique.length) throw invalid(field, 'no such staff member');
}
