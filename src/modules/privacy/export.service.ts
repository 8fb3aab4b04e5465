/**
 * Data-subject exports: everything held about one customer (subject-data.ts), decrypted only for
 * this purpose, packed and encrypted for the customer (export-package.ts), kept for a few days
 * for download and then deleted by retention. Creating and downloading are recorded (ids and
 * counts only); a staff export also passes the identity module's export gate (permission,
 * reason, step-up), so the bulk-access detector counts it.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { RevealGate } from '../auth/step-up.policy.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import { requireLiveCustomer } from './consent.service.js';
import { buildPackage, sectionCounts, type Protection } from './export-package.js';
import type { PrivacySettingsService } from './privacy-settings.js';
import { collectCustomerData } from './subject-data.js';

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
}

export interface ExportDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  settings: PrivacySettingsService;
  reveal?: RevealGate;
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

  /** Builds, encrypts and stores the customer's package. */
  async create(
    actor: ServiceActor,
    input: { customerId: string; requestId?: string; protection: Protection },
  ): Promise<ExportView> {
    const { db, clock } = this.deps;
    const tenantId = actor.tenantId;
    await requireLiveCustomer(db, tenantId, input.customerId);
    const now = clock.now();
    const sections = await collectCustomerData(db, this.deps.cipher, tenantId, input.customerId);
    const bytes = await buildPackage(
      { customerId: input.customerId, generatedAt: now.toISOString(), sections },
      input.protection,
    );
    const counts = sectionCounts(sections);
    const days = (await this.deps.settings.get(tenantId)).exportDays;
    const row: Database['privacy_exports'] = {
      tenant_id: tenantId,
      id: newId(),
      request_id: input.requestId ?? null,
      customer_id: input.customerId,
      protection: input.protection.kind === 'password' ? 'zip_aes256' : 'openpgp',
      package: bytes,
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
        },
      });
    });
    return view(row);
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

  /** The encrypted package, while it has not expired; each download is recorded. */
  async download(
    actor: ServiceActor,
    exportId: string,
    scope: { requestId?: string } = {},
  ): Promise<{ bytes: Buffer; filename: string; contentType: string }> {
    const now = this.deps.clock.now().toISOString();
    return this.deps.db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('privacy_exports')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', exportId);
      if (scope.requestId !== undefined) q = q.where('request_id', '=', scope.requestId);
      const row = await q.executeTakeFirst();
      if (row === undefined) throw notFound('export');
      if (row.expires_at <= now) throw new AppError('conflict', 'this export has expired; create a new one');
      await trx
        .updateTable('privacy_exports')
        .set((eb) => ({ downloads: eb('downloads', '+', 1), last_downloaded_at: now }))
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', exportId)
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'privacy.export.download',
        objectType: 'customer',
        objectId: row.customer_id,
        outcome: 'success',
        details: { exportId, requestId: row.request_id },
      });
      const pgp = row.protection === 'openpgp';
      return {
        bytes: Buffer.from(row.package),
        filename: `privacy-export-${row.id.slice(0, 8)}.${pgp ? 'zip.gpg' : 'zip'}`,
        contentType: pgp ? 'application/pgp-encrypted' : 'application/zip',
      };
    });
  }
}
