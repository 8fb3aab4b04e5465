/**
 * The Aadhaar vault (issue 17, item 6; UIDAI circular K-11020/205/2017, Aadhaar Act s.29(4)).
 * Off unless the owner turns it on (recorded). A saved number lives only in `aadhaar_vault`,
 * keyed by a random reference token and encrypted twice: under the customer's own key (so erasing
 * the customer makes every copy unreadable, backups included) and over that under the tenant's
 * `aadhaar_vault` data key, a key of its own wrapped by the key provider (the HSM where one is
 * configured). The customer is linked to the token in `aadhaar_references`, which also keeps the
 * last 4 digits (encrypted) for the masked display `XXXX-XXXX-1234`. Revealing the number needs
 * the `aadhaar.reveal` permission, a reason and a recent step-up, and each reveal is an audit entry
 * without the number. Erasing the customer deletes both rows (inventory `eraseRows`). A
 * data-subject export leaves the number out unless the person handling the request asks for it
 * (`AadhaarExportSource`: the same gate and a recorded read, in the export's transaction).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { passesVerhoeff } from '../../domain/sensitive-numbers.js';
import type { AccessContext } from '../../kernel/access-context.js';
import { requireActorPermission, type ServiceActor } from '../../kernel/actor.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import { requireStepUp, type RevealReasonCategory } from '../auth/step-up.policy.js';
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';
import type { FieldCipher, FieldRef } from '../keys/field-crypto.types.js';
import { requireLiveCustomer } from '../privacy/consent.service.js';

declareEncryptedColumn({
  table: 'aadhaar_vault',
  column: 'number_enc',
  purpose: 'aadhaar_vault',
  rowIdColumn: 'token',
});
declareEncryptedColumn({
  table: 'aadhaar_references',
  column: 'last4_enc',
  purpose: 'customer_pii',
  rowIdColumn: 'id',
  subjectColumn: 'customer_id',
});

/** The reveal gate (permission, reason, step-up, audit entry), with the permission it checks. */
export interface VaultRevealGate {
  authorize(
    trx: Kysely<Database>,
    auth: AccessContext,
    ctx: AuditContext,
    request: {
      objectType: string;
      objectId: string;
      field: string;
      reason: { category: RevealReasonCategory; text: string };
    },
    permission?: string,
  ): Promise<void>;
}

export interface AadhaarVaultDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  reveal?: VaultRevealGate;
}

export interface AadhaarView {
  /** Whether the shop keeps Aadhaar numbers. */
  vaultEnabled: boolean;
  /** `XXXX-XXXX-1234`, or null when none is kept for this customer. */
  masked: string | null;
}

export const AADHAAR_REVEAL = 'aadhaar.reveal';

/** Digits of an Aadhaar number as typed (spaces and dashes allowed); refuses anything else. */
export function normalizeAadhaar(input: string): string {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{12}$/.test(digits)) throw invalid('number', 'an Aadhaar number has 12 digits');
  if (!/^[2-9]/.test(digits)) throw invalid('number', 'an Aadhaar number never starts with 0 or 1');
  if (!passesVerhoeff(digits))
    throw invalid('number', 'this is not a valid Aadhaar number (its check digit does not match)');
  return digits;
}

export const maskAadhaar = (last4: string): string => `XXXX-XXXX-${last4}`;

export class AadhaarVaultService {
  constructor(private readonly deps: AadhaarVaultDeps) {}

  async enabled(tenantId: string, db: Kysely<Database> = this.deps.db): Promise<boolean> {
    const row = await db
      .selectFrom('aadhaar_vault_settings')
      .select('enabled')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row?.enabled === 1;
  }

  /** Turns the vault on or off: the owner only, after a recent step-up; recorded. */
  async setEnabled(actor: ServiceActor, enabled: boolean): Promise<{ vaultEnabled: boolean }> {
    const auth = actor.auth;
    if (auth !== undefined) {
      if (!auth.roles.includes('owner'))
        throw new AppError('forbidden', 'only the owner can decide whether the shop keeps Aadhaar numbers');
      requireStepUp(auth, this.deps.clock);
    }
    const values = { enabled: enabled ? 1 : 0, updated_by: actor.userId, updated_at: this.now() };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('aadhaar_vault_settings')
        .values({ tenant_id: actor.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'aadhaar_vault.settings.update',
        objectType: 'tenant',
        objectId: actor.tenantId,
        outcome: 'success',
        details: { enabled },
      });
    });
    return { vaultEnabled: enabled };
  }

  /** Whether a number is kept for the customer, shown masked (no vault read). */
  async view(actor: ServiceActor, customerId: string): Promise<AadhaarView> {
    requireActorPermission(actor, 'customer.read', 'seeing customers');
    await requireLiveCustomer(this.deps.db, actor.tenantId, customerId);
    const vaultEnabled = await this.enabled(actor.tenantId);
    const ref = await this.referenceOf(actor.tenantId, customerId);
    if (ref === undefined) return { vaultEnabled, masked: null };
    const last4 = await this.deps.cipher.decrypt(
      this.last4Ref(actor.tenantId, ref.id, customerId),
      ref.last4_enc,
    );
    return { vaultEnabled, masked: maskAadhaar(last4) };
  }

  /** Saves (or replaces) the customer's number in the vault; the vault must be on. */
  async save(actor: ServiceActor, customerId: string, input: string): Promise<AadhaarView> {
    requireActorPermission(actor, 'customer.write', 'changing customers');
    const digits = normalizeAadhaar(input);
    const { db, cipher } = this.deps;
    if (!(await this.enabled(actor.tenantId)))
      throw new AppError(
        'conflict',
        'this shop does not keep Aadhaar numbers (the owner can turn the vault on)',
      );
    await requireLiveCustomer(db, actor.tenantId, customerId);
    const token = randomBytes(18).toString('base64url');
    const place = this.numberRef(actor.tenantId, token);
    const inner = await cipher.encrypt('customer_pii', { ...place, subjectId: customerId }, digits);
    const numberEnc = await cipher.encrypt('aadhaar_vault', place, inner);
    const last4Enc = await cipher.encrypt(
      'customer_pii',
      this.last4Ref(actor.tenantId, token, customerId),
      digits.slice(-4),
    );
    const now = this.now();
    await db.transaction().execute(async (trx) => {
      const replaced = await this.deleteFor(trx, actor.tenantId, customerId);
      await trx
        .insertInto('aadhaar_vault')
        .values({ tenant_id: actor.tenantId, token, number_enc: numberEnc, created_at: now })
        .execute();
      await trx
        .insertInto('aadhaar_references')
        .values({
          tenant_id: actor.tenantId,
          id: token,
          customer_id: customerId,
          last4_enc: last4Enc,
          created_by: actor.userId,
          created_at: now,
        })
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'aadhaar_vault.save',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'success',
        details: { replaced },
      });
    });
    return { vaultEnabled: true, masked: maskAadhaar(digits.slice(-4)) };
  }

  /** The number in clear, behind the reveal gate (permission `aadhaar.reveal`, reason, step-up). */
  async reveal(
    actor: ServiceActor,
    customerId: string,
    reason: { category: RevealReasonCategory; text: string },
  ): Promise<{ number: string }> {
    const gate = this.deps.reveal;
    const auth = actor.auth;
    if (gate === undefined || auth === undefined)
      throw new AppError('forbidden', 'revealing needs a signed-in user');
    if (!auth.permissions.has(AADHAAR_REVEAL))
      throw new AppError('forbidden', 'your role does not allow revealing Aadhaar numbers');
    await requireLiveCustomer(this.deps.db, actor.tenantId, customerId);
    const ref = await this.referenceOf(actor.tenantId, customerId);
    if (ref === undefined) throw new AppError('not_found', 'no Aadhaar number is kept for this customer');
    const sealed = await this.deps.db.transaction().execute(async (trx) => {
      await gate.authorize(
        trx,
        auth,
        actor.audit,
        { objectType: 'customer', objectId: customerId, field: 'aadhaar', reason },
        AADHAAR_REVEAL,
      );
      return trx
        .selectFrom('aadhaar_vault')
        .select('number_enc')
        .where('tenant_id', '=', actor.tenantId)
        .where('token', '=', ref.id)
        .executeTakeFirstOrThrow();
    });
    return { number: await this.open(actor.tenantId, ref.id, customerId, sealed.number_enc) };
  }

  /** For a data-subject export that asks for the number: the vault's permission first. */
  requireReader(actor: ServiceActor): void {
    if (this.deps.reveal === undefined || actor.auth === undefined)
      throw new AppError('forbidden', 'only a signed-in person may put an Aadhaar number in an export');
    if (!actor.auth.permissions.has(AADHAAR_REVEAL))
      throw new AppError('forbidden', 'your role does not allow revealing Aadhaar numbers');
  }

  /** The number (grouped 4-4-4) for an export that asked for it, or null; the export records it. */
  async numberFor(tenantId: string, customerId: string): Promise<string | null> {
    const ref = await this.referenceOf(tenantId, customerId);
    if (ref === undefined) return null;
    const sealed = await this.deps.db
      .selectFrom('aadhaar_vault')
      .select('number_enc')
      .where('tenant_id', '=', tenantId)
      .where('token', '=', ref.id)
      .executeTakeFirst();
    if (sealed === undefined) return null;
    return this.open(tenantId, ref.id, customerId, sealed.number_enc);
  }

  /** The vault's gate for an export, recorded inside the export's transaction. */
  async authorize(
    trx: Kysely<Database>,
    actor: ServiceActor,
    customerId: string,
    reason: { category: RevealReasonCategory; text: string },
  ): Promise<void> {
    this.requireReader(actor);
    const auth = actor.auth;
    if (auth === undefined || this.deps.reveal === undefined) return;
    await this.deps.reveal.authorize(
      trx,
      auth,
      actor.audit,
      { objectType: 'customer', objectId: customerId, field: 'aadhaar (export)', reason },
      AADHAAR_REVEAL,
    );
  }

  private async open(tenantId: string, token: string, customerId: string, sealed: string): Promise<string> {
    const place = this.numberRef(tenantId, token);
    const inner = await this.deps.cipher.decrypt(place, sealed);
    const digits = await this.deps.cipher.decrypt({ ...place, subjectId: customerId }, inner);
    return `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`;
  }

  /** Removes the customer's number from the vault (recorded). */
  async remove(actor: ServiceActor, customerId: string): Promise<void> {
    requireActorPermission(actor, 'customer.write', 'changing customers');
    await requireLiveCustomer(this.deps.db, actor.tenantId, customerId);
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.deleteFor(trx, actor.tenantId, customerId)))
        throw new AppError('not_found', 'no Aadhaar number is kept for this customer');
      await this.deps.audit.record(trx, actor.audit, {
        action: 'aadhaar_vault.remove',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'success',
      });
    });
  }

  private async deleteFor(trx: Kysely<Database>, tenantId: string, customerId: string): Promise<boolean> {
    const old = await this.referenceOf(tenantId, customerId, trx);
    if (old === undefined) return false;
    await trx
      .deleteFrom('aadhaar_vault')
      .where('tenant_id', '=', tenantId)
      .where('token', '=', old.id)
      .execute();
    await trx
      .deleteFrom('aadhaar_references')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', old.id)
      .execute();
    return true;
  }

  private referenceOf(tenantId: string, customerId: string, db: Kysely<Database> = this.deps.db) {
    return db
      .selectFrom('aadhaar_references')
      .select(['id', 'last4_enc'])
      .where('tenant_id', '=', tenantId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
  }

  private numberRef(tenantId: string, token: string): FieldRef {
    return { tenantId, table: 'aadhaar_vault', column: 'number_enc', rowId: token };
  }

  private last4Ref(tenantId: string, token: string, customerId: string): FieldRef {
    return {
      tenantId,
      table: 'aadhaar_references',
      column: 'last4_enc',
      rowId: token,
      subjectId: customerId,
    };
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
