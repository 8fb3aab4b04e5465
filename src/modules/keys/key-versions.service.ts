/**
 * The minimum decryption version of a data-key series: versions below it are retired and refuse
 * to decrypt (a rotation sets it itself when it finishes). Raising it by hand retires versions
 * early, for instance after a suspected compromise; it refuses while values still use them unless
 * forced, since those values would become unreadable. Lowering it brings retired versions back
 * (they stay stored, wrapped), as long as no erasure or KEK change destroyed them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import { countValues, encryptedColumnsFor } from './encrypted-columns.js';
import { envelopePrefix } from '../../crypto/envelope.js';
import type { KeyPurpose } from './field-crypto.types.js';
import type { KeyRing } from './key-ring.service.js';

export interface MinimumVersionResult {
  keyId: string;
  minimumVersion: number;
  retired: number[];
  restored: number[];
}

export class KeyVersionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyRing: KeyRing,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  /** Sets the lowest version of `purpose`'s key that may still decrypt, for one tenant. */
  async setMinimumDecryptionVersion(
    ctx: AuditContext,
    purpose: KeyPurpose,
    minimumVersion: number,
    options: { force?: boolean } = {},
  ): Promise<MinimumVersionResult> {
    const tenantId = ctx.tenantId;
    const result = await this.db.transaction().execute(async (trx) => {
      const versions = await trx
        .selectFrom('data_keys')
        .select(['version', 'status'])
        .where('tenant_id', '=', tenantId)
        .where('key_id', '=', purpose)
        .orderBy('version')
        .execute();
      const active = versions.find((v) => v.status === 'active');
      if (active === undefined) throw notFound('data key');
      if (!Number.isInteger(minimumVersion) || minimumVersion < 1 || minimumVersion > active.version)
        throw invalid(
          'version',
          `the minimum must be between 1 and the active version ${String(active.version)}`,
        );
      const retire = versions.filter((v) => v.version < minimumVersion && v.status !== 'retired');
      const restore = versions.filter((v) => v.version >= minimumVersion && v.status === 'retired');
      let inUse = 0;
      for (const v of versions.filter((x) => x.version < minimumVersion))
        inUse += await countValues(trx, tenantId, encryptedColumnsFor(purpose), {
          like: `${envelopePrefix(purpose, v.version)}%`,
        });
      if (inUse > 0 && options.force !== true)
        throw new AppError(
          'precondition_failed',
          `${String(inUse)} value(s) still use a version below ${String(minimumVersion)}: rotate first, or force it (they become unreadable)`,
          'version',
        );
      const now = this.clock.now().toISOString();
      for (const v of retire)
        await this.keyRing.repository.setStatus(tenantId, purpose, v.version, 'retired', now, trx);
      for (const v of restore)
        await this.keyRing.repository.setStatus(tenantId, purpose, v.version, 'decrypt_only', now, trx);
      await this.audit.record(trx, ctx, {
        action: 'key.min_version',
        objectType: 'data_key',
        objectId: purpose,
        outcome: 'success',
        details: {
          minimumVersion,
          retired: retire.map((v) => String(v.version)),
          restored: restore.map((v) => String(v.version)),
          valuesMadeUnreadable: inUse,
        },
      });
      return {
        keyId: purpose,
        minimumVersion,
        retired: retire.map((v) => v.version),
        restored: restore.map((v) => v.version),
      };
    });
    // This instance forgets unwrapped keys at once; others within the key cache's time limit.
    this.keyRing.clearCache();
    return result;
  }
}
