/**
 * Setting passwords: the policy check with the account's context words, the last-4 history, and
 * storage of the new hash. Used by owner creation, invites and password change.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';
import type { AuthDeps } from './auth.types.js';
import { tenantAuthSettings } from './account.repository.js';
import { checkPassword } from './password.policy.js';

/** PCI DSS 8.3.7: a new password differs from the last four. */
export const PASSWORD_HISTORY = 4;

export interface PasswordSubject {
  tenantId: string;
  userId: string;
  hasMfa: boolean;
  contextWords: readonly string[];
}

/** Throws `validation_failed` on `field` with the policy's reason when the password is refused. */
export async function enforcePasswordPolicy(
  deps: Pick<AuthDeps, 'blocklist'>,
  trx: Kysely<Database>,
  subject: PasswordSubject,
  password: string,
  field: string,
): Promise<void> {
  const settings = await tenantAuthSettings(trx, subject.tenantId);
  const verdict = checkPassword(
    password,
    {
      hasMfa: subject.hasMfa,
      shopMinimum: settings.minPasswordLength,
      pciMode: settings.pciMode,
      contextWords: subject.contextWords,
    },
    deps.blocklist,
  );
  if (!verdict.ok)
    throw new AppError('validation_failed', verdict.message, field, { reason: verdict.reason });
}

/** Stores a new password hash, refusing any of the last four. */
export async function storePassword(
  deps: Pick<AuthDeps, 'hasher' | 'clock'>,
  trx: Kysely<Database>,
  subject: { tenantId: string; userId: string },
  password: string,
  field: string,
): Promise<void> {
  const history = await trx
    .selectFrom('password_history')
    .select('password_hash')
    .where('tenant_id', '=', subject.tenantId)
    .where('user_id', '=', subject.userId)
    .orderBy('created_at', 'desc')
    .limit(PASSWORD_HISTORY)
    .execute();
  for (const old of history) {
    if (await deps.hasher.verify(old.password_hash, password))
      throw new AppError('validation_failed', 'choose a password you have not used recently', field, {
        reason: 'reused',
      });
  }
  const hash = await deps.hasher.hash(password);
  const now = deps.clock.now().toISOString();
  await trx
    .updateTable('user_accounts')
    .set({ password_hash: hash, pepper_id: null, password_changed_at: now, password_reset_required: 0 })
    .where('tenant_id', '=', subject.tenantId)
    .where('user_id', '=', subject.userId)
    .execute();
  await trx
    .insertInto('password_history')
    .values({
      tenant_id: subject.tenantId,
      id: newId(),
      user_id: subject.userId,
      password_hash: hash,
      created_at: now,
    })
    .execute();
}
