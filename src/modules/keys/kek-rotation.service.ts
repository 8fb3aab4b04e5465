/**
 * KEK rotation and KEK checks. Rotating the KEK re-wraps what the KEK wraps directly (every data
 * key, the installation signing key, the backup key, the key folder's files) in one database
 * transaction, and gives a new derivation root: the old password pepper is retired (ADR 0054). The
 * re-keying that makes the rotation revoke the old KEK follows (`revokeOldKek`, kek-revocation.ts). For the file provider the new key file is written first (`kek.key.next`),
 * then the database is re-wrapped, then the files are swapped and the old one is kept as
 * `kek.key.retired-<time>` for restoring older backups; a crash between the steps is finished at
 * the next start (`finishInterruptedKekRotation`).
 */
import { existsSync, renameSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import { createSuccessorKeyFile, loadFileKeyProvider } from '../../crypto/file.key-provider.js';
import {
  KeyProviderError,
  isCurrentWrap,
  parseWrapped,
  type KeyProvider,
} from '../../crypto/key-provider.js';
import type { Database } from '../../db/schema.js';
import { systemActor, type AuditRecorder } from '../../kernel/audit.js';
import { SIGNING, SIGNING_CONTEXT } from './installation-keys.js';
import { keyFolder, retiredKeyFilePath, rewrapBackupKey } from './key-files.js';
import { ErasureEpochStore } from './erasure-epochs.js';
import { systemClock, type Clock } from '../../domain/clock.js';
import { DEFAULT_PEPPER_DEADLINE_DAYS, moveDerivedSecrets } from './kek-revocation.js';
import { RetiredPepperStore } from './retired-peppers.js';

/** The backup key file and the key folder's erasure epochs and retired peppers, re-wrapped under `target`. */
async function rewrapKeyFiles(config: Config, sources: readonly KeyProvider[], target: KeyProvider) {
  await rewrapBackupKey(config, sources, target);
  await new RetiredPepperStore(keyFolder(config), target).rewrap(sources, target);
  const epochs = new ErasureEpochStore(keyFolder(config), target, systemClock, 0);
  try {
    await epochs.rewrap(sources, target);
  } finally {
    epochs.close();
  }
}
import { kekFilePath, openSuccessorProvider } from './key-provider.factory.js';
import { INSTALLATION_TENANT, wrapContext } from './key-ring.service.js';
import { KeyStoreRepository } from './key-store.repository.js';

function sourceFor(sources: readonly KeyProvider[], kekId: string): KeyProvider {
  const source = sources.find((p) => p.kekId === kekId);
  if (source === undefined)
    throw new KeyProviderError(
      `some keys are wrapped by key-encryption key ${kekId}, which is not available: give its key file (or HSM key)`,
    );
  return source;
}

async function rewrapOne(
  sources: readonly KeyProvider[],
  target: KeyProvider,
  wrapped: string,
  context: string,
): Promise<string> {
  const plain = await sourceFor(sources, parseWrapped(wrapped).kekId).unwrapKey(wrapped, context);
  try {
    return await target.wrapKey(plain, context);
  } finally {
    plain.fill(0);
  }
}

/**
 * Re-wraps, in one transaction, every data key and the installation signing key that `target`
 * did not wrap, unwrapping each with the source provider whose KEK wrapped it. Returns how many
 * keys changed. A key whose KEK is not among the sources stops it with nothing written. The
 * re-wrap is recorded (`key.kek.rewrap`) in the same transaction when a recorder is given.
 */
export async function rewrapUnderKek(
  db: Kysely<Database>,
  sources: readonly KeyProvider[],
  target: KeyProvider,
  audit?: AuditRecorder,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let changed = 0;
    const keys = (await trx.selectFrom('data_keys').selectAll().execute()).filter(
      (row) => !isCurrentWrap(row.wrapped, target),
    );
    const repository = new KeyStoreRepository(trx);
    for (const row of keys) {
      const context = wrapContext(row.tenant_id, row.key_id, row.version);
      const wrapped = await rewrapOne(sources, target, row.wrapped, context);
      await repository.updateWrapped({ ...row, wrapped, kek_id: target.kekId, provider: target.name });
      changed += 1;
    }
    const signing = await trx
      .selectFrom('tenant_key_pairs')
      .select('private_key')
      .where('tenant_id', '=', INSTALLATION_TENANT)
      .where('purpose', '=', SIGNING)
      .executeTakeFirst();
    if (signing !== undefined && !isCurrentWrap(signing.private_key, target)) {
      await trx
        .updateTable('tenant_key_pairs')
        .set({ private_key: await rewrapOne(sources, target, signing.private_key, SIGNING_CONTEXT) })
        .where('tenant_id', '=', INSTALLATION_TENANT)
        .where('purpose', '=', SIGNING)
        .execute();
      changed += 1;
    }
    if (changed > 0)
      await audit?.record(
        trx,
        { tenantId: INSTALLATION_TENANT, actor: systemActor('keys'), source: 'cli' },
        {
          action: 'key.kek.rewrap',
          objectType: 'kek',
          objectId: target.kekId,
          outcome: 'success',
          details: {
            keysRewrapped: changed,
            fromKek: [...new Set(keys.map((k) => k.kek_id))],
            provider: target.name,
          },
        },
      );
    return changed;
  });
}

/**
 * At start: re-wraps, under the KEK's wrap subkey, whatever an earlier version wrapped directly
 * under the software KEK (`kw1`), in the database and the key files, so that the KEK is only an
 * HKDF input from then on (issue 24, item 8). Nothing to do for the HSM or once done.
 */
export async function upgradeLegacyWrappings(
  config: Config,
  db: Kysely<Database>,
  provider: KeyProvider,
): Promise<number> {
  if (provider.name === 'pkcs11') return 0;
  const changed = await rewrapUnderKek(db, [provider], provider);
  await rewrapKeyFiles(config, [provider], provider);
  return changed;
}

/** The KEK ids the stored data keys are wrapped by. */
export async function storedKekIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('data_keys').select('kek_id').distinct().execute();
  return rows.map((r) => r.kek_id);
}

/**
 * Refuses a KEK that did not wrap the stored keys (wrong key file, TIJORI_KEK or HSM key), before
 * anything is written, and proves the right one works by unwrapping a stored key.
 */
export async function verifyKek(db: Kysely<Database>, provider: KeyProvider): Promise<void> {
  const ids = await storedKekIds(db);
  if (ids.length === 0) return;
  if (ids.length > 1 || ids[0] !== provider.kekId)
    throw new KeyProviderError(
      `the configured key-encryption key (id ${provider.kekId}) is not the one that wrapped this database's keys (id ${ids.join(', ')}): check the key file, TIJORI_KEK or the HSM key label`,
    );
  const row = await db
    .selectFrom('data_keys')
    .select(['tenant_id', 'key_id', 'version', 'wrapped'])
    .limit(1)
    .executeTakeFirstOrThrow();
  (await provider.unwrapKey(row.wrapped, wrapContext(row.tenant_id, row.key_id, row.version))).fill(0);
}

const nextKeyFile = (config: Config) => `${kekFilePath(config)}.next`;

async function swapKeyFiles(config: Config, clock: Clock, old: KeyProvider, next: KeyProvider) {
  await rewrapKeyFiles(config, [old], next);
  const path = kekFilePath(config);
  renameSync(path, retiredKeyFilePath(config, clock.now()));
  renameSync(nextKeyFile(config), path);
}

/** File provider: a new key file, everything re-wrapped to it, the old file retired. */
async function rotateFileKek(
  config: Config,
  db: Kysely<Database>,
  current: KeyProvider,
  clock: Clock,
  pepperDeadline: Date,
  audit?: AuditRecorder,
): Promise<KekRotationResult> {
  if (existsSync(nextKeyFile(config)))
    throw new KeyProviderError(
      'an earlier KEK rotation did not finish: start Tijori once (it finishes it), then rotate again',
    );
  createSuccessorKeyFile(kekFilePath(config), nextKeyFile(config));
  const next = loadFileKeyProvider(nextKeyFile(config));
  try {
    const rewrapped = await rewrapUnderKek(db, [current], next, audit);
    const peppersRetired = await moveDerivedSecrets(
      db,
      keyFolder(config),
      [current],
      next,
      clock,
      pepperDeadline,
    );
    await swapKeyFiles(config, clock, current, next);
    return { fromKekId: current.kekId, toKekId: next.kekId, rewrapped, peppersRetired };
  } finally {
    await next.close();
  }
}

export interface KekRotationResult {
  fromKekId: string;
  toKekId: string;
  rewrapped: number;
  /** Password hashes now under the retired pepper, re-hashed at each user's next sign-in. */
  peppersRetired: number;
  /** Settings to change before the next start (environment and HSM providers). */
  settings?: string;
}

/**
 * Rotates the configured KEK (run with Tijori stopped): the file provider swaps its key file
 * itself; for the environment provider the new key comes from TIJORI_NEW_KEK, for the HSM a new
 * key is made under `newKeyLabel`, and the operator then changes the settings returned.
 */
export async function rotateKek(
  config: Config,
  db: Kysely<Database>,
  current: KeyProvider,
  clock: Clock,
  given: { newKek?: string; newKeyLabel?: string; pepperDeadline?: Date },
  audit?: AuditRecorder,
): Promise<KekRotationResult> {
  const deadline =
    given.pepperDeadline ?? new Date(clock.now().getTime() + DEFAULT_PEPPER_DEADLINE_DAYS * 86_400_000);
  if (config.keyProvider === 'file') return rotateFileKek(config, db, current, clock, deadline, audit);
  const { provider: next, settings } = openSuccessorProvider(config, given);
  try {
    const rewrapped = await rewrapUnderKek(db, [current], next, audit);
    await rewrapKeyFiles(config, [current], next);
    const peppersRetired = await moveDerivedSecrets(db, keyFolder(config), [current], next, clock, deadline);
    return { fromKekId: current.kekId, toKekId: next.kekId, rewrapped, peppersRetired, settings };
  } finally {
    await next.close();
  }
}

/**
 * At start (file provider): finishes a KEK rotation that stopped between its steps. When the
 * database is already under the new key file, the files are swapped now; when it never switched,
 * the unused new file is set aside. Returns what it did, for the start-up output.
 */
export async function finishInterruptedKekRotation(
  config: Config,
  db: Kysely<Database>,
  clock: Clock,
): Promise<'none' | 'finished' | 'abandoned'> {
  if (config.keyProvider !== 'file' || !existsSync(nextKeyFile(config))) return 'none';
  const next = loadFileKeyProvider(nextKeyFile(config));
  try {
    const ids = await storedKekIds(db);
    if (ids.length > 0 && ids.every((id) => id === next.kekId)) {
      const old = loadFileKeyProvider(kekFilePath(config));
      try {
        await moveDerivedSecrets(db, keyFolder(config), [old], next, clock);
        await swapKeyFiles(config, clock, old, next);
      } finally {
        await old.close();
      }
      return 'finished';
    }
    renameSync(nextKeyFile(config), `${nextKeyFile(config)}.unused-${String(clock.now().getTime())}`);
    return 'abandoned';
  } finally {
    await next.close();
  }
}
