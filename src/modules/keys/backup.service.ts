/**
 * Encrypted backups and restores. A backup is a consistent snapshot (SQLite's online backup, or a
 * one-transaction JSON-lines dump of PostgreSQL) encrypted to a recipient's X25519 public key: by
 * default the installation's backup key (its private half kept in the data folder, wrapped by the
 * KEK), or an owner's offline key. A restore verifies the whole file before touching the database,
 * then re-applies every erasure recorded since (tombstones from the current database and the
 * erasure journal) before anything can serve the restored data.
 *
 * File format (backup-crypto.ts): `TIJORI-BACKUP-1`, a header naming the recipient key, then
 * authenticated chunks; see docs/security.md.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import {
  decryptBackupFile,
  encryptBackupFile,
  recipientKeyId,
  type BackupHeader,
} from '../../crypto/backup-crypto.js';
import { KeyProviderError, type KeyProvider } from '../../crypto/key-provider.js';
import {
  databaseOptionsFromConfig,
  openDatabase,
  sqlitePathFor,
  type DatabaseHandle,
} from '../../db/database.js';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import { listTombstones, readTombstoneJournals, type Tombstone } from './erasure.service.js';
import { reapplyErasures, type RowErasure } from './erasure-reapply.js';
import { rewrapUnderKek, storedKekIds } from './kek-rotation.service.js';
import { moveDerivedSecrets } from './kek-revocation.js';
import { erasureJournalPaths, installationBackupKey, keyFolder, retiredKeyProviders } from './key-files.js';
import { SIGNING, loadInstallationSigner } from './installation-keys.js';
import { INSTALLATION_TENANT } from './key-ring.service.js';
import { fileSha256, insertBackupRecord } from './backup-records.js';
import { newId } from '../../domain/ids.js';
import { kekIdsInDump, loadPostgres, type ProgressReporter } from './postgres-restore.js';
import { snapshotPostgres, snapshotSqlite } from './snapshot.js';
import { TIJORI_VERSION } from '../../version.js';
import { systemClock, type Clock } from '../../domain/clock.js';
import { AuditTrail } from '../audit/audit.recorder.js';
import { INSTALLATION_CHAIN, systemContext, type AuditRecorder } from '../../kernel/audit.js';

/** Backups and restores are recorded in the installation chain (always). */
const recorderOf = (given: AuditRecorder | undefined): AuditRecorder => given ?? new AuditTrail(systemClock);
const backupContext = systemContext(INSTALLATION_CHAIN, 'backup', 'cli');

export type { ProgressReporter } from './postgres-restore.js';

/** Writes an encrypted backup of the configured database to `out`. */
export async function createBackup(
  config: Config,
  database: DatabaseHandle,
  provider: KeyProvider,
  out: string,
  options: { recipient?: string; onProgress?: ProgressReporter; audit?: AuditRecorder; clock?: Clock } = {},
): Promise<{ recipientKeyId: string; format: string; backupId: string }> {
  const clock = options.clock ?? systemClock;
  const recipient = options.recipient ?? (await installationBackupKey(config, provider)).publicKey;
  const backupId = newId();
  const work = join(config.dataDir, `.backup-${randomBytes(6).toString('hex')}`);
  const format = database.engine === 'sqlite' ? 'sqlite-file' : 'jsonl';
  try {
    if (database.engine === 'sqlite') {
      await snapshotSqlite(sqlitePathFor(config.dataDir), work, (p) =>
        options.onProgress?.('snapshot', p.done, p.total),
      );
    } else {
      await snapshotPostgres(database, work, (p) => options.onProgress?.('snapshot', p.done, p.total));
    }
    const meta = {
      format,
      engine: database.engine,
      createdAt: clock.now().toISOString(),
      tijori: TIJORI_VERSION,
      backupId,
    };
    // Signed by the installation key, whose public half the key folder keeps as a trusted signer.
    const signer = await loadInstallationSigner(database.db, provider, clock);
    trustSigner(config, signer.publicKeyPem);
    await encryptBackupFile(
      work,
      out,
      recipient,
      meta,
      (done, total) => options.onProgress?.('encrypt', done, total),
      signer,
    );
  } finally {
    rmSync(work, { force: true });
  }
  const fileHash = await fileSha256(out);
  await database.db.transaction().execute(async (trx) => {
    await insertBackupRecord(trx, {
      kind: 'backup',
      occurredAt: clock.now().toISOString(),
      outcome: 'success',
      backupId,
      fileHash,
      format,
      recipientKeyId: recipientKeyId(recipient),
      details: { engine: database.engine, installationKey: options.recipient === undefined },
    });
    await recorderOf(options.audit).record(trx, backupContext, {
      action: 'key.backup',
      objectType: 'backup',
      objectId: backupId,
      outcome: 'success',
      details: {
        format,
        recipientKeyId: recipientKeyId(recipient),
        installationKey: options.recipient === undefined,
      },
    });
  });
  return { recipientKeyId: recipientKeyId(recipient), format, backupId };
}

/** The trusted backup signers kept in the key folder (public keys, PEM, one after another). */
function signersPath(config: Config): string {
  return join(keyFolder(config), 'backup-signers.pem');
}

function readPems(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split(/(?<=-----END PUBLIC KEY-----)/)
    .map((p) => p.trim())
    .filter((p) => p.startsWith('-----BEGIN PUBLIC KEY-----'))
    .map((p) => `${p}\n`);
}

/** Adds a public key to the key folder's trusted backup signers (once). */
export function trustSigner(config: Config, publicKeyPem: string): void {
  const path = signersPath(config);
  if (readPems(path).some((p) => p.trim() === publicKeyPem.trim())) return;
  mkdirSync(keyFolder(config), { recursive: true, mode: 0o700 });
  appendFileSync(path, publicKeyPem.endsWith('\n') ? publicKeyPem : `${publicKeyPem}\n`, { mode: 0o600 });
}

/**
 * The keys a restore trusts to have signed a backup: the key folder's trusted signers, the
 * installation key of the database being replaced, and keys the operator gives (PEM).
 */
export async function trustedSigners(config: Config, given: readonly string[]): Promise<string[]> {
  const found = [...readPems(signersPath(config)), ...given];
  const exists = config.databaseUrl !== undefined || existsSync(sqlitePathFor(config.dataDir));
  if (exists) {
    const handle = openDatabase(databaseOptionsFromConfig(config));
    try {
      const row = await handle.db
        .selectFrom('tenant_key_pairs')
        .select('public_key')
        .where('tenant_id', '=', INSTALLATION_TENANT)
        .where('purpose', '=', SIGNING)
        .executeTakeFirst();
      if (row !== undefined) found.push(row.public_key);
    } catch {
      // The database being replaced may be damaged or empty; the key folder still names the signer.
    } finally {
      await handle.close();
    }
  }
  return found;
}

async function currentTombstones(config: Config): Promise<Tombstone[]> {
  const found = new Map<string, Tombstone>();
  for (const t of readTombstoneJournals(erasureJournalPaths(config)))
    found.set(`${t.tenantId}/${t.subjectId}`, t);
  const exists = config.databaseUrl !== undefined || existsSync(sqlitePathFor(config.dataDir));
  if (exists) {
    const handle = openDatabase(databaseOptionsFromConfig(config));
    try {
      for (const t of await listTombstones(handle.db)) found.set(`${t.tenantId}/${t.subjectId}`, t);
    } catch {
      // The database being replaced may be damaged or empty; the journal still has every erasure.
    } finally {
      await handle.close();
    }
  }
  return [...found.values()];
}

/**
 * Restores a backup into the configured database. Run it with Tijori stopped. The restored data is
 * made ready before it can serve: migrated to this version, every erasure recorded since applied
 * again, and keys wrapped by a retired KEK (a backup older than a KEK rotation) re-wrapped under
 * the current one. A SQLite copy is prepared beside the database and swapped in only when ready;
 * for PostgreSQL every check that can be made on the file is made before the database is touched.
 */
export async function restoreBackup(
  config: Config,
  file: string,
  provider: KeyProvider,
  options: {
    identity?: string;
    onProgress?: ProgressReporter;
    audit?: AuditRecorder;
    /** The row side of erasures (the privacy capability's inventory walk). */
    reapplyRows?: RowErasure;
    /** More public keys (PEM) trusted to have signed the backup. */
    trustSigners?: readonly string[];
    /** Accept a backup without a signature (made by a version before signing); never the default. */
    allowUnsigned?: boolean;
  } = {},
): Promise<{ header: BackupHeader; tombstonesApplied: number; keysRewrapped: number; carriedBack: number }> {
  const privateKey = options.identity ?? (await (await installationBackupKey(config, provider)).privateKey());
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const plain = join(config.dataDir, `.restore-${randomBytes(6).toString('hex')}`);
  const signers = await trustedSigners(config, options.trustSigners ?? []);
  const header = await decryptBackupFile(
    file,
    plain,
    privateKey,
    (done, total) => options.onProgress?.('verify', done, total),
    { signers, allowUnsigned: options.allowUnsigned === true },
  );
  const keks = [provider, ...retiredKeyProviders(config)];
  try {
    const tombstones = await currentTombstones(config);
    const format = header.meta.format;
    // The restored trail ends where the backup was taken; this entry says so after that point.
    const restoreRecord = (db: Kysely<Database>, tombstonesApplied: number) =>
      recorderOf(options.audit).record(db, backupContext, {
        action: 'key.restore',
        objectType: 'backup',
        objectId: null,
        outcome: 'success',
        details: {
          format: String(format),
          backupCreatedAt: String(header.meta.createdAt ?? 'unknown'),
          erasuresReapplied: tombstonesApplied,
        },
      });
    if (format === 'sqlite-file') {
      if (config.databaseUrl !== undefined)
        throw new AppError(
          'validation_failed',
          'this backup is of a SQLite installation; restore it with TIJORI_DATABASE_URL unset',
          'file',
        );
      const ready = await makeReady(
        config,
        openDatabase({ sqlitePath: plain }),
        tombstones,
        keks,
        provider,
        restoreRecord,
        options.reapplyRows,
      );
      replaceSqliteFile(config, plain);
      return { header, ...ready };
    }
    if (format !== 'jsonl') throw new AppError('validation_failed', 'unknown backup format', 'file');
    if (config.databaseUrl === undefined)
      throw new AppError(
        'validation_failed',
        'this backup is of a PostgreSQL installation; set TIJORI_DATABASE_URL',
        'file',
      );
    for (const kekId of await kekIdsInDump(plain))
      if (!keks.some((k) => k.kekId === kekId))
        throw new KeyProviderError(
          `this backup's keys are wrapped by key-encryption key ${kekId}, which is not available: put its retired key file back in the keys folder`,
        );
    await loadPostgres(config, plain, options.onProgress);
    const ready = await makeReady(
      config,
      openDatabase(databaseOptionsFromConfig(config)),
      tombstones,
      keks,
      provider,
      restoreRecord,
      options.reapplyRows,
    );
    return { header, ...ready };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${plain}${suffix}`, { force: true });
    for (const retired of keks.slice(1)) await retired.close();
  }
}

/**
 * Migrates restored data, applies the erasures again, re-wraps keys under the current KEK and
 * records the restore in the restored trail.
 */
async function makeReady(
  config: Config,
  handle: DatabaseHandle,
  tombstones: readonly Tombstone[],
  keks: readonly KeyProvider[],
  current: KeyProvider,
  record: (db: Kysely<Database>, tombstonesApplied: number) => Promise<void>,
  reapplyRows: RowErasure | undefined,
): Promise<{ tombstonesApplied: number; keysRewrapped: number; carriedBack: number }> {
  try {
    await migrateToLatest(handle);
    const backupKekIds = await storedKekIds(handle.db);
    const keysRewrapped = await rewrapUnderKek(handle.db, keks, current);
    // A backup older than a KEK rotation: its peppered hashes and sign-in index (ADR 0054).
    await moveDerivedSecrets(
      handle.db,
      keyFolder(config),
      keks.filter((k) => backupKekIds.includes(k.kekId)),
      current,
      systemClock,
    );
    const applied = await reapplyErasures(config, handle.db, current, tombstones, reapplyRows);
    await record(handle.db, applied.tombstonesApplied);
    return { tombstonesApplied: applied.tombstonesApplied, keysRewrapped, carriedBack: applied.carriedBack };
  } finally {
    await handle.close();
  }
}

function replaceSqliteFile(config: Config, plain: string): void {
  const path = sqlitePathFor(config.dataDir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  if (existsSync(path)) renameSync(path, `${path}.before-restore-${stamp}`);
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  renameSync(plain, path);
}
