/**
 * The guarantor of a farmer's khata, where the shop keeps one (issue 17, item 4): a name,
 * encrypted under the farmer's own key (so erasing the farmer shreds it, backups included), shown
 * masked (`R*** K***`), in the farmer's data export, changed or removed with a record in the
 * audit trail (never the name), and shown whole only behind the reveal gate (permission to reveal
 * customers' personal data, a reason and a recent step-up; recorded like any personal field).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { requireActorPermission, type ServiceActor } from '../../kernel/actor.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { maskName } from '../auth/masking.js';
import type { RevealReasonCategory } from '../auth/step-up.policy.js';
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';
import type { FieldCipher, FieldRef } from '../keys/field-crypto.types.js';
import { requireLiveCustomer } from '../privacy/consent.service.js';
import type { VaultRevealGate } from './aadhaar-vault.service.js';

declareEncryptedColumn({
  table: 'khata_guarantors',
  column: 'name_enc',
  purpose: 'customer_pii',
  rowIdColumn: 'customer_id',
  subjectColumn: 'customer_id',
});

export interface GuarantorView {
  /** The guarantor's name masked (initials), or null when the shop keeps none. */
  masked: string | null;
}

export interface KhataGuarantorDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  /** The reveal gate (permission, reason, step-up, audit entry); without it nothing is revealed. */
  reveal?: VaultRevealGate;
}

const refOf = (tenantId: string, customerId: string): FieldRef => ({
  tenantId,
  table: 'khata_guarantors',
  column: 'name_enc',
  rowId: customerId,
  subjectId: customerId,
});

export class KhataGuarantorService {
  constructor(private readonly deps: KhataGuarantorDeps) {}

  async view(actor: ServiceActor, customerId: string): Promise<GuarantorView> {
    requireActorPermission(actor, 'customer.read', 'seeing customers');
    await requireLiveCustomer(this.deps.db, actor.tenantId, customerId);
    const row = await this.deps.db
      .selectFrom('khata_guarantors')
      .select('name_enc')
      .where('tenant_id', '=', actor.tenantId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (row === undefined) return { masked: null };
    return {
      masked: maskName(await this.deps.cipher.decrypt(refOf(actor.tenantId, customerId), row.name_enc)),
    };
  }

  /** The guarantor's whole name, behind the reveal gate; the reveal is recorded (never the name). */
  async reveal(
    actor: ServiceActor,
    customerId: string,
    reason: { category: RevealReasonCategory; text: string },
  ): Promise<{ name: string }> {
    const gate = this.deps.reveal;
    const auth = actor.auth;
    if (gate === undefined || auth === undefined)
      throw new AppError('forbidden', 'revealing needs a signed-in user');
    await requireLiveCustomer(this.deps.db, actor.tenantId, customerId);
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('khata_guarantors')
        .select('name_enc')
        .where('tenant_id', '=', actor.tenantId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      if (found === undefined) throw new AppError('not_found', 'no guarantor is kept for this khata');
      await gate.authorize(trx, auth, actor.audit, {
        objectType: 'customer',
        objectId: customerId,
        field: 'guarantor',
        reason,
      });
      return found;
    });
    return { name: await this.deps.cipher.decrypt(refOf(actor.tenantId, customerId), row.name_enc) };
  }

  /** Sets (or replaces) the guarantor's name; null removes it. */
  async set(actor: ServiceActor, customerId: string, name: string | null): Promise<GuarantorView> {
    requireActorPermission(actor, 'customer.write', 'changing customers');
    const clean = name === null ? null : name.trim().replace(/\s+/g, ' ');
    if (clean !== null && (clean.length < 2 || clean.length > 120))
      throw invalid('name', "give the guarantor's name (2 to 120 characters)");
    await requireLiveCustomer(this.deps.db, actor.tenantId, customerId);
    const enc =
      clean === null
        ? null
        : await this.deps.cipher.encrypt('customer_pii', refOf(actor.tenantId, customerId), clean);
    await this.deps.db.transaction().execute(async (trx) => {
      const where = trx
        .deleteFrom('khata_guarantors')
        .where('tenant_id', '=', actor.tenantId)
        .where('customer_id', '=', customerId);
      const removed = Number((await where.executeTakeFirst()).numDeletedRows) > 0;
      if (enc === null && !removed) throw new AppError('not_found', 'no guarantor is kept for this khata');
      if (enc !== null)
        await trx
          .insertInto('khata_guarantors')
          .values({
            tenant_id: actor.tenantId,
            customer_id: customerId,
            name_enc: enc,
            updated_by: actor.userId,
            updated_at: this.deps.clock.now().toISOString(),
          })
          .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: enc === null ? 'khata.guarantor.remove' : 'khata.guarantor.set',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'success',
        details: { replaced: removed },
      });
    });
    return { masked: clean === null ? null : maskName(clean) };
  }
}
