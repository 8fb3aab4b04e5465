/**
 * Whether a business may be used: a suspended business's users cannot sign in, and its sessions
 * and API tokens are refused on every request, with a message that says why.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';

/** The refusal a suspended business's users get (code `forbidden`, reason `business_suspended`). */
export function suspendedError(): AppError {
  return new AppError(
    'forbidden',
    'this business is suspended by the service operator; contact your service provider',
    undefined,
    { reason: 'business_suspended' },
  );
}

export async function isTenantSuspended(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('status').where('id', '=', tenantId).executeTakeFirst();
  return row?.status === 'suspended';
}

/** Throws the suspended refusal when the business is suspended. */
export async function refuseSuspendedTenant(db: Kysely<Database>, tenantId: string): Promise<void> {
  if (await isTenantSuspended(db, tenantId)) throw suspendedError();
}
