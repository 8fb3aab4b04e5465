/**
 * Data-subject exports: everything held about one customer (subject-data.ts), decrypted only for
 * this purpose, packed and encrypted for the customer (export-package.ts), kept for a few days
 * for one download (then wiped; retention wipes what is never downloaded). A password package's
 * password is generated here (120 bits) and reaches the customer apart from the file: sent to
 * their email or phone on record, or, for a request whose requester the staff checked in person,
 * shown once to hand over at the counter; it is kept nowhere (ADR 0062). At rest the package is
 * sealed under a package key that is itself under the customer's own key (export-sealing.ts), so
 * erasure shreds it. Creating and downloading are recorded (ids, counts and the password's
 * channel only); a staff export also passes the identity module's export gate (permission,
 * reason, step-up), so the bulk-access detector counts it.
 *
 * The Aadhaar vault's number is left out unless the person handling the request asks for it
 * (`includeAadhaar` with a reason): then the vault's own gate applies (its permission, the reason,
 * step-up), the read is recorded in the same transaction as the export, and the package's
 * `aadhaar_vault` rows carry the number.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { RevealGate, RevealReasonCategory } from '../auth/step-up.policy.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import { requireLiveCustomer } from './consent.service.js';
import { buildPackage, generateExportPassword, sectionCounts, type Protection } from './export-package.js';
import { openPackage, sealPackage } from './export-sealing.js';
import type { PrivacySettingsService } from './privacy-settings.js';
import { collectCustomerData } from './subject-data.js';

type Reason = { category: RevealReasonCategory; text: string };

/** The Aadhaar vault as exports see it (built by the agri module where the vault exists). */
export interface AadhaarExportSource {
  /** Refuses early when the caller may not read the vault (its permission; a signed-in person). */
  requireReader(actor: ServiceActor): void;
  /** The customer's number in clear (grouped 4-4-4), or null when none is kept. Not recorded. */
  numberFor(tenantId: string, customerId: string): Promise<string | null>;
  /** The vault's gate (permission, reason, step-up) and its audit entry, inside the export's `trx`. */
  authorize(trx: Kysely<Database>, actor: ServiceActor, customerId: string, reason: Reason): Promise<void>;
}

/** What the staff or the public page asks for: a generated password, or the customer's OpenPGP key. */
export type ExportProtection = { kind: 'password' } | { kind: 'openpgp'; publicKey: string };

/** How a generated password reaches the customer: `in_person` shows it once to the staff. */
export type PasswordHandover = 'contact' | 'in_person';

/** Where the password went: the channel, or `in_person` (then `password` holds it, this once). */
export type PasswordDelivery = 'email' | 'sms' | 'in_person';

/** Sends a generated password to the customer's email or phone on record (the OTP service). */
export interface PasswordChannel {
  channelFor(tenantId: string, customerId: string): Promise<'email' | 'sms' | null>;
  sendExportPassword(tenantId: string, customerId: string, password: string): Promise<void>;
}

export interface ExportView {
  id: string;
  customerId: string;
  requestId: string | null;
  protection: string;
  sha256: string;
  sizeBytes: number;
  counts: Record<string, number>;
  createdAt: string;
  expiresAt: string;
  downloads: number;
  /** Only in the answer to `create` for a password package. */
  passwordDelivery?: PasswordDelivery;
  /** Only in the answer to `create` with an `in_person` handover: to give the customer now. */
  password?: string;
}

export interface ExportDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  settings: PrivacySettingsService;
  passwords: PasswordChannel;
  reveal?: RevealGate;
  aadhaar?: AadhaarExportSource;
}

const view = (r: Database['privacy_exports']): ExportView => ({
  id: r.id,
  customerId: r.customer_id,
  requestId: r.request_id,
  protection: r.protection,
  sha256: r.sha256,
  sizeBytes: Number(r.size_bytes),
  counts: JSON.parse(r.counts) as Record<string, number>,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  downloads: Number(r.downloads),
});

export class ExportService {
  constructor(private readonly deps: ExportDeps) {}

  /**
   * Builds, encrypts and stores the customer's package. A password package gets a generated
   * password: with `handover` `contact` it is sent to the customer's email or phone on record after
   * the package is stored (refused before anything is built when there is neither, or no sender);
   * with `in_person` it is returned once in the answer.
   */
  async create(
    actor: ServiceActor,
    input: {
      customerId: string;
      requestId?: string;
      protection: ExportProtection;
      handover?: PasswordHandover;
      /** Put the Aadhaar vault's number in the package, for this reason (left out otherwise). */
      includeAadhaar?: { reason: Reason };
    },
  ): Promise<ExportView> {
    const { db, clock } = this.deps;
    const tenantId = actor.tenantId;
    await requireLiveCustomer(db, tenantId, input.customerId);
    const handover = input.handover ?? 'contact';
    let delivery: PasswordDelivery | undefined;
    if (input.protection.kind === 'password') {
      delivery =
        handover === 'in_person'
          ? 'in_person'
          : ((await this.deps.passwords.channelFor(tenantId, input.customerId)) ?? undefined);
      if (delivery === undefined)
        throw new AppError(
          'precondition_failed',
          "the customer has no email or phone on record that the shop can send the export's password to",
          undefined,
          { reason: 'no-channel-for-export-password' },
        );
    }
    const protection: Protection =
      input.protection.kind === 'password'
        ? { kind: 'password', password: generateExportPassword() }
        : input.protection;
    const now = clock.now();
    const asked = input.includeAadhaar;
    const vault = this.deps.aadhaar;
    if (asked !== undefined && vault === undefined)
      throw new AppError('conflict', 'this installation keeps no Aadhaar vault');
    if (asked !== undefined) vault?.requireReader(actor);
    const sections = await collectCustomerData(db, this.deps.cipher, tenantId, input.customerId);
    if (asked !== undefined && vault !== undefined) {
      const number = await vault.numberFor(tenantId, input.customerId);
      const section = sections.find((s) => s.table === 'aadhaar_vault');
      if (number === null || section === undefined)
        throw new AppError('not_found', 'no Aadhaar number is kept for this customer');
      section.rows = section.rows.map((row) => ({ number, ...row }));
    }
    const bytes = await buildPackage(
      { customerId: input.customerId, generatedAt: now.toISOString(), sections },
      protection,
    );
    const counts = sectionCounts(sections);
    const days = (await this.deps.settings.get(tenantId)).exportDays;
    const id = newId();
    // The zip's password is random and kept nowhere, so the seal needs no key derived from it.
    const sealed = await sealPackage(bytes, { tenantId, exportId: id }, undefined);
    const packageKeyEnc = await this.deps.cipher.encrypt(
      'customer_pii',
      this.#ref(tenantId, id, input.customerId),
      sealed.keyMaterial,
    );
    const row: Database['privacy_exports'] = {
      tenant_id: tenantId,
      id,
      request_id: input.requestId ?? null,
      customer_id: input.customerId,
      protection: protection.kind === 'password' ? 'zip_aes256' : 'openpgp',
      package: sealed.sealed,
      package_key_enc: packageKeyEnc,
      kdf: sealed.kdf,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size_bytes: bytes.length,
      counts: JSON.stringify(counts),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + days * 86_400_000).toISOString(),
      created_by: actor.userId,
      downloads: 0,
      last_downloaded_at: null,
    };
    await db.transaction().execute(async (trx) => {
      if (asked !== undefined) await vault?.authorize(trx, actor, input.customerId, asked.reason);
      if (actor.auth !== undefined && this.deps.reveal !== undefined)
        await this.deps.reveal.authorizeExport(trx, actor.auth, actor.audit, {
          objectType: 'customer',
          subjectIds: [input.customerId],
          fields: Object.keys(counts),
          format: 'json',
          reason: { category: 'customer_request', text: '' },
        });
      await trx.insertInto('privacy_exports').values(row).execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'privacy.export.create',
        objectType: 'customer',
        objectId: input.customerId,
        outcome: 'success',
        details: {
          exportId: row.id,
          requestId: row.request_id,
          protection: row.protection,
          sections: Object.keys(counts),
          records: Object.values(counts).reduce((a, b) => a + b, 0),
          sizeBytes: row.size_bytes,
          vaultNumber: asked === undefined ? 'left_out' : 'included',
          ...(delivery === undefined ? {} : { passwordDelivery: delivery }),
        },
      });
    });
    if (protection.kind === 'password' && delivery !== undefined && delivery !== 'in_person') {
      try {
        await this.deps.passwords.sendExportPassword(tenantId, input.customerId, protection.password);
      } catch {
        // Without its password the package is of no use to anyone: wipe it and say so.
        await db.transaction().execute((trx) => this.#wipe(trx, tenantId, id, now.toISOString(), false));
        throw new AppError(
          'unavailable',
          "the export's password could not be sent to the customer; try again",
        );
      }
    }
    return {
      ...view(row),
      ...(delivery === undefined ? {} : { passwordDelivery: delivery }),
      ...(delivery === 'in_person' && protection.kind === 'password'
        ? { password: protection.password }
        : {}),
    };
  }

  async list(actor: ServiceActor, customerId: string): Promise<ExportView[]> {
    const rows = await this.deps.db
      .selectFrom('privacy_exports')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('customer_id', '=', customerId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(view);
  }

  #ref(tenantId: string, exportId: string, customerId: string) {
    return {
      tenantId,
      table: 'privacy_exports',
      column: 'package_key_enc',
      rowId: exportId,
      subjectId: customerId,
    };
  }

  /** Wipes a package and its key: at its download, at expiry, or when it can no longer be opened. */
  async #wipe(trx: Kysely<Database>, tenantId: string, exportId: string, now: string, downloaded: boolean) {
    await trx
      .updateTable('privacy_exports')
      .set((eb) => ({
        package: Buffer.alloc(0),
        package_key_enc: null,
        ...(downloaded
          ? { downloads: eb('downloads', '+', 1), last_downloaded_at: now }
          : { expires_at: now }),
      }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', exportId)
      .execute();
  }

  /**
   * The package as the customer gets it (still encrypted to their password or key), once: the
   * download wipes it. A password package needs the password (argon2id); an expired one is wiped.
   */
  async download(
    actor: ServiceActor,
    exportId: string,
    scope: { requestId?: string } = {},
    secret: { password?: string } = {},
  ): Promise<{ bytes: Buffer; filename: string; contentType: string }> {
    const now = this.deps.clock.now().toISOString();
    const expired = await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('privacy_exports')
        .select(['expires_at', 'package_key_enc'])
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', exportId)
        .executeTakeFirst();
      if (row === undefined || row.expires_at > now || row.package_key_enc === null) return false;
      await this.#wipe(trx, actor.tenantId, exportId, now, false);
      return true;
    });
    if (expired) throw new AppError('conflict', 'this export has expired; create a new one');
    return this.deps.db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('privacy_exports')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', exportId);
      if (scope.requestId !== undefined) q = q.where('request_id', '=', scope.requestId);
      const row = await q.executeTakeFirst();
      if (row === undefined) throw notFound('export');
      if (row.package_key_enc === null)
        throw new AppError(
          'conflict',
          row.downloads > 0
            ? 'this export was already downloaded and then deleted; create a new one'
            : 'this export has expired; create a new one',
        );
      const keyMaterial = await this.deps.cipher.decrypt(
        this.#ref(actor.tenantId, row.id, row.customer_id),
        row.package_key_enc,
        trx,
      );
      const bytes = await openPackage(
        { sealed: Buffer.from(row.package), keyMaterial, kdf: row.kdf },
        { tenantId: actor.tenantId, exportId: row.id },
        secret.password,
      );
      await this.#wipe(trx, actor.tenantId, exportId, now, true);
      await this.deps.audit.record(trx, actor.audit, {
        action: 'privacy.export.download',
        objectType: 'customer',
        objectId: row.customer_id,
        outcome: 'success',
        details: { exportId, requestId: row.request_id },
      });
      const pgp = row.protection === 'openpgp';
      return {
        bytes,
        filename: `privacy-export-${row.id.slice(0, 8)}.${pgp ? 'zip.gpg' : 'zip'}`,
        contentType: pgp ? 'application/pgp-encrypted' : 'application/zip',
      };
    });
  }
}
