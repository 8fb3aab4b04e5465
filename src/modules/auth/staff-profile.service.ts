/**
 * A staff member's profile as user managers see it: personal fields masked by default
 * (`r***@example.com`, `R*** K***`), and revealed one field at a time only through the reveal
 * gate (permission, reason, re-authentication within 5 minutes), recorded in the same transaction
 * as the read, so a value is returned only if its reveal was recorded.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../domain/app-error.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { AuditContext } from '../../kernel/audit.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import { maskEmail, maskName } from './masking.js';
import type { RevealGate, RevealReasonCategory } from './step-up.policy.js';

export type StaffField = 'email' | 'name';
const columnOf: Record<StaffField, 'email_enc' | 'name_enc'> = { email: 'email_enc', name: 'name_enc' };

export interface StaffProfile {
  userId: string;
  status: string;
  emailMasked: string;
  nameMasked: string;
}

export class StaffProfileService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
    private readonly gate: RevealGate,
  ) {}

  /** The profile with its personal fields masked. */
  async profile(auth: AccessContext, userId: string): Promise<StaffProfile> {
    const row = await this.#account(this.db, auth.tenantId, userId);
    const ref = (column: string) => ({
      tenantId: auth.tenantId,
      table: 'user_accounts',
      column,
      rowId: userId,
    });
    return {
      userId,
      status: row.status,
      emailMasked: maskEmail(await this.cipher.decrypt(ref('email_enc'), row.email_enc)),
      nameMasked: maskName(await this.cipher.decrypt(ref('name_enc'), row.name_enc)),
    };
  }

  /** One field in clear, after the reveal gate recorded who asked and why. */
  async reveal(
    auth: AccessContext,
    ctx: AuditContext,
    userId: string,
    field: StaffField,
    reason: { category: RevealReasonCategory; text: string },
  ): Promise<{ field: StaffField; value: string }> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.#account(trx, auth.tenantId, userId);
      await this.gate.authorize(
        trx,
        auth,
        ctx,
        { objectType: 'user', objectId: userId, field, reason },
        'user.manage',
      );
      const column = columnOf[field];
      const value = await this.cipher.decrypt(
        { tenantId: auth.tenantId, table: 'user_accounts', column, rowId: userId },
        row[column],
        trx,
      );
      return { field, value };
    });
  }

  async #account(db: Kysely<Database>, tenantId: string, userId: string) {
    const row = await db
      .selectFrom('user_accounts as a')
      .innerJoin('users as u', (j) =>
        j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.id', '=', 'a.user_id'),
      )
      .select(['u.status', 'a.email_enc', 'a.name_enc'])
      .where('a.tenant_id', '=', tenantId)
      .where('a.user_id', '=', userId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('user');
    return row;
  }
}
