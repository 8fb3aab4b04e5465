/**
 * Key checks: data keys past their cryptoperiod (PCI DSS 3.7.4), values still encrypted under key
 * versions that are retired (unreadable) or only kept for decryption while no rotation is running
 * (a rotation that stopped), and where the key-encryption key is held: a plain file or an
 * environment variable while an HSM is configured as available, a key file others can read, or a
 * key file beside the database it protects (PCI DSS 3.6.1 asks to keep them apart).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { envelopePrefix } from '../../../crypto/envelope.js';
import { INSTALLATION_TENANT } from '../../keys/key-ring.service.js';
import { countValues, encryptedColumnsFor } from '../../keys/encrypted-columns.js';
import type { KeyPurpose } from '../../keys/field-crypto.types.js';
import { DAY_MS, type SecurityCheck } from '../check.types.js';

export const cryptoperiodCheck: SecurityCheck = {
  id: 'keys.cryptoperiod',
  title: 'No data key is past its cryptoperiod',
  category: 'keys',
  severity: 'high',
  remediation:
    'Rotate the listed keys: Encryption keys, Rotate (or `tijori keys rotate --purpose P --tenant T`). Values are re-encrypted in the background without stopping the shop.',
  async run(ctx) {
    const now = ctx.now.toISOString();
    const keys = await ctx.db
      .selectFrom('data_keys')
      .select(['tenant_id', 'key_id', 'version', 'kind', 'rotate_by'])
      .where('tenant_id', 'in', [ctx.tenantId, INSTALLATION_TENANT])
      .where('status', '=', 'active')
      .execute();
    const overdue = keys
      .filter((k) => k.rotate_by < now)
      .map((k) => ({
        keyId: k.key_id,
        version: k.version,
        kind: k.kind,
        installationKey: k.tenant_id === INSTALLATION_TENANT,
        rotateBy: k.rotate_by,
        daysOverdue: Math.floor((ctx.now.getTime() - new Date(k.rotate_by).getTime()) / DAY_MS),
      }));
    const evidence = { activeKeys: keys.length, overdue };
    if (overdue.length === 0)
      return {
        status: 'pass',
        found: `All ${String(keys.length)} active data key(s) are within their cryptoperiod.`,
        evidence,
      };
    return {
      status: 'fail',
      found: `${String(overdue.length)} active data key(s) are past their cryptoperiod.`,
      evidence,
    };
  },
};

export const retiredVersionsCheck: SecurityCheck = {
  id: 'keys.retired-versions',
  title: 'No values left under old key versions',
  category: 'keys',
  severity: 'high',
  remediation:
    'Finish the rotation of the listed keys (Encryption keys, or `tijori keys rotate --purpose P`, which resumes an unfinished one). Values under a retired version cannot be read: bring the version back with `tijori keys min-version --to N`, then rotate.',
  async run(ctx) {
    const versions = await ctx.db
      .selectFrom('data_keys')
      .select(['key_id', 'version', 'status'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('kind', '=', 'encryption')
      .where('status', '!=', 'active')
      .execute();
    const running = new Set(
      (
        await ctx.db
          .selectFrom('key_rotations')
          .select('key_id')
          .where('tenant_id', '=', ctx.tenantId)
          .where('status', '=', 'running')
          .execute()
      ).map((r) => r.key_id),
    );
    const left = [];
    for (const v of versions) {
      const columns = encryptedColumnsFor(v.key_id as KeyPurpose);
      if (columns.length === 0) continue;
      const values = await countValues(ctx.db, ctx.tenantId, columns, {
        like: `${envelopePrefix(v.key_id, v.version)}%`,
      });
      if (values > 0)
        left.push({
          keyId: v.key_id,
          version: v.version,
          status: v.status,
          values,
          rotating: running.has(v.key_id),
        });
    }
    const unreadable = left.filter((l) => l.status === 'retired');
    const stalled = left.filter((l) => l.status !== 'retired' && !l.rotating);
    const evidence = { oldVersions: versions.length, valuesLeft: left };
    if (unreadable.length > 0)
      return {
        status: 'fail',
        found: `${String(unreadable.reduce((n, l) => n + l.values, 0))} value(s) are under retired key versions and cannot be read.`,
        evidence,
      };
    if (stalled.length > 0)
      return {
        status: 'warn',
        found: `${String(stalled.reduce((n, l) => n + l.values, 0))} value(s) are still under old key versions and no rotation is running.`,
        evidence,
      };
    return {
      status: 'pass',
      found:
        left.length === 0
          ? 'Every value is under its key’s current version.'
          : 'Values under old versions are being re-encrypted by a running rotation.',
      evidence,
    };
  },
};

/** Whether `inner` lies inside the folder `outer`. */
function within(inner: string, outer: string): boolean {
  const a = resolve(inner);
  const b = resolve(outer);
  return a === b || a.startsWith(`${b}/`);
}

export const kekStorageCheck: SecurityCheck = {
  id: 'keys.kek-storage',
  title: 'The key-encryption key is held as safely as the installation allows',
  category: 'keys',
  severity: 'high',
  remediation:
    'Move the key-encryption key into the HSM: set TIJORI_KEY_PROVIDER=pkcs11 with the TIJORI_PKCS11_* settings and run `tijori keys rotate-kek` (Tijori stopped), then remove the old key file from this machine.',
  async run(ctx) {
    const { keyProvider, dataDir, database } = ctx.env;
    const evidence: Record<string, unknown> = {
      provider: keyProvider.kind,
      hsmAvailable: keyProvider.hsmAvailable,
    };
    if (keyProvider.kind === 'pkcs11')
      return { status: 'pass', found: 'The KEK is held in an HSM.', evidence };
    if (keyProvider.hsmAvailable)
      return {
        status: 'fail',
        found: `An HSM is available but the KEK is held ${keyProvider.kind === 'file' ? 'in a plain file' : 'in an environment variable'}.`,
        evidence,
      };
    if (keyProvider.kind === 'env')
      return {
        status: 'pass',
        found: 'The KEK comes from the environment, not from a file beside the data.',
        evidence,
      };
    if (!existsSync(keyProvider.kekFile))
      return {
        status: 'fail',
        found: 'The KEK file was not found.',
        evidence: { ...evidence, kekFile: 'missing' },
      };
    const mode = statSync(keyProvider.kekFile).mode & 0o777;
    evidence.kekFileMode = mode.toString(8).padStart(4, '0');
    if ((mode & 0o077) !== 0)
      return {
        status: 'fail',
        found: `The KEK file can be read by other users of this machine (mode ${String(evidence.kekFileMode)}).`,
        remediation:
          'Run `chmod 600` on the KEK file (TIJORI_KEK_FILE, by default keys/kek.key in the data folder).',
        evidence,
      };
    const beside = database.engine === 'sqlite' && within(dirname(keyProvider.kekFile), dataDir);
    evidence.besideDatabase = beside;
    if (beside)
      return {
        status: 'warn',
        found: 'The KEK file is in the same data folder as the database it protects.',
        remediation:
          'Keep the KEK apart from the data (PCI DSS 3.6.1): point TIJORI_KEK_FILE to another disk or removable media, use TIJORI_KEK from a secrets manager, or an HSM. Never put the KEK file in the same backup as the database.',
        evidence,
      };
    return { status: 'pass', found: 'The KEK file is private and kept apart from the database.', evidence };
  },
};
