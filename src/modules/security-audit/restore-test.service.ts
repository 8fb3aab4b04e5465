/**
 * The test restore of a backup file (`tijori restore FILE --verify-only`): proves a backup can be
 * restored without touching the live data. The file is decrypted and its integrity checked end to
 * end, then loaded into a temporary database (the SQLite copy itself; a temporary schema on the
 * PostgreSQL server for a dump), migrated to this version, and checked: SQLite integrity, every row
 * of the dump loaded, every audit chain verifying with the installation's signing key, every data
 * key unwrapping with the available key-encryption keys. The outcome is recorded in the live
 * database (`backup_records`, read by the self-audit) and in the audit trail.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import { decryptBackupFile, type BackupHeader } from '../../crypto/backup-crypto.js';
import type { KeyProvider } from '../../crypto/key-provider.js';
import { databaseOptionsFromConfig, openDatabase, type DatabaseHandle } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { systemClock, type Clock } from '../../domain/clock.js';
import { scrubText } from '../../logging/redact.js';
import { verifyChain, type VerifyKey } from '../audit/audit-verify.js';
import { INSTALLATION_CHAIN, systemContext, type AuditRecorder } from '../../kernel/audit.js';
import { fileSha256, insertBackupRecord } from '../keys/backup-records.js';
import { trustedSigners } from '../keys/backup.service.js';
import { installationBackupKey, retiredKeyProviders } from '../keys/key-files.js';
import { wrapContext } from '../keys/key-ring.service.js';
import { loadDump, rowsPerTableInDump, type ProgressReporter } from '../keys/postgres-restore.js';

export interface RestoreTestResult {
  ok: boolean;
  backupId: string | null;
  format: string;
  backupCreatedAt: string | null;
  rowsLoaded: number;
  chainsVerified: number;
  entriesVerified: number;
  keysUnwrapped: number;
  problems: string[];
}

export interface RestoreTestOptions {
  /** The private key file's content, for a backup made with `--recipient`. */
  identity?: string;
  /** The installation's signing key, which the restored audit chains must verify against. */
  verifyKey: VerifyKey;
  audit: AuditRecorder;
  clock?: Clock;
  onProgress?: ProgressReporter;
}

type Inspection = Pick<
  RestoreTestResult,
  'rowsLoaded' | 'chainsVerified' | 'entriesVerified' | 'keysUnwrapped'
>;

/** Checks a restored copy: migrations, audit chains, data keys. */
async function inspectCopy(
  copy: DatabaseHandle,
  keks: readonly KeyProvider[],
  verifyKey: VerifyKey,
  problems: string[],
  schema?: string,
): Promise<Omit<Inspection, 'rowsLoaded'>> {
  await migrateToLatest(copy, schema === undefined ? {} : { schema });
  const chains = await copy.db.selectFrom('audit_heads').select('tenant_id').orderBy('tenant_id').execute();
  let entries = 0;
  for (const { tenant_id: tenantId } of chains) {
    const result = await verifyChain(copy.db, tenantId, verifyKey);
    entries += result.entriesChecked;
    const first = result.problems[0];
    if (!result.ok)
      problems.push(
        `the audit chain of ${tenantId} does not verify (${first?.kind ?? 'problem'} at entry ${String(first?.seq ?? '?')})`,
      );
  }
  const keys = await copy.db
    .selectFrom('data_keys')
    .select(['tenant_id', 'key_id', 'version', 'wrapped', 'kek_id'])
    .execute();
  let unwrapped = 0;
  for (const key of keys) {
    const kek = keks.find((k) => k.kekId === key.kek_id);
    try {
      if (kek === undefined) throw new Error('no such KEK');
      (await kek.unwrapKey(key.wrapped, wrapContext(key.tenant_id, key.key_id, key.version))).fill(0);
      unwrapped += 1;
    } catch {
      problems.push(
        `data key ${key.key_id} v${String(key.version)} of ${key.tenant_id} cannot be unwrapped with the available key-encryption keys`,
      );
    }
  }
  return { chainsVerified: chains.length, entriesVerified: entries, keysUnwrapped: unwrapped };
}

async function testSqliteCopy(
  plain: string,
  keks: readonly KeyProvider[],
  key: VerifyKey,
  problems: string[],
): Promise<Inspection> {
  const copy = openDatabase({ sqlitePath: plain });
  try {
    const { rows: integrity } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
      copy.db,
    );
    if (integrity[0]?.integrity_check !== 'ok') problems.push('the SQLite file fails its integrity check');
    const { rows: orphans } = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(copy.db);
    if (orphans.length > 0) problems.push(`${String(orphans.length)} row(s) break foreign keys`);
    const tables = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(copy.db);
    let rows = 0;
    for (const { name } of tables.rows) {
      const { rows: n } = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(
        copy.db,
      );
      rows += Number(n[0]?.n ?? 0);
    }
    return { rowsLoaded: rows, ...(await inspectCopy(copy, keks, key, problems)) };
  } finally {
    await copy.close();
  }
}

/** Loads a PostgreSQL dump into a temporary schema of the configured server, checks it, drops it. */
async function testPostgresDump(
  config: Config,
  plain: string,
  keks: readonly KeyProvider[],
  key: VerifyKey,
  problems: string[],
  onProgress?: ProgressReporter,
): Promise<Inspection> {
  if (config.databaseUrl === undefined)
    throw new Error('this backup is of a PostgreSQL installation: test it with TIJORI_DATABASE_URL set');
  const schema = `tijori_restore_test_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase(databaseOptionsFromConfig(config));
  const url = new URL(config.databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const copy = openDatabase({ ...databaseOptionsFromConfig(config), url: url.toString(), poolSize: 1 });
  try {
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    // Never load into the live schema: the copy's connection must sit in the temporary one.
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(copy.db);
    if (rows[0]?.s !== schema)
      throw new Error('the temporary schema could not be selected; nothing was loaded');
    const loaded = await loadDump(copy, plain, {
      schema,
      ...(onProgress === undefined ? {} : { onProgress }),
    });
    const expected = await rowsPerTableInDump(plain);
    for (const [table, count] of expected) {
      const { rows: n } = await sql<{
        n: number;
      }>`select count(*)::bigint as n from ${sql.table(table)}`.execute(copy.db);
      if (Number(n[0]?.n ?? 0) !== count)
        problems.push(`table ${table}: ${String(n[0]?.n ?? 0)} of ${String(count)} rows loaded`);
    }
    return { rowsLoaded: loaded, ...(await inspectCopy(copy, keks, key, problems, schema)) };
  } finally {
    await copy.close();
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db).catch(() => undefined);
    await admin.close();
  }
}

/** Test-restores a backup file and records the outcome in the live database. */
export async function testRestore(
  config: Config,
  live: Kysely<Database>,
  file: string,
  provider: KeyProvider,
  options: RestoreTestOptions,
): Promise<RestoreTestResult> {
  const clock = options.clock ?? systemClock;
  const privateKey = options.identity ?? (await (await installationBackupKey(config, provider)).privateKey());
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const plain = join(config.dataDir, `.restore-test-${randomBytes(6).toString('hex')}`);
  const keks = [provider, ...retiredKeyProviders(config)];
  const problems: string[] = [];
  let header: BackupHeader | undefined;
  let inspection: Inspection = { rowsLoaded: 0, chainsVerified: 0, entriesVerified: 0, keysUnwrapped: 0 };
  try {
    // The same trust as a real restore: a backup whose signature does not verify fails the test.
    const signers = await trustedSigners(config, []);
    header = await decryptBackupFile(
      file,
      plain,
      privateKey,
      (done, total) => options.onProgress?.('verify', done, total),
      { signers, allowUnsigned: false },
    );
    inspection =
      header.meta.format === 'sqlite-file'
        ? await testSqliteCopy(plain, keks, options.verifyKey, problems)
        : await testPostgresDump(config, plain, keks, options.verifyKey, problems, options.onProgress);
  } catch (error) {
    problems.push(
      scrubText(error instanceof Error ? error.message : 'the backup could not be read').slice(0, 300),
    );
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${plain}${suffix}`, { force: true });
    for (const retired of keks.slice(1)) await retired.close();
  }
  const result: RestoreTestResult = {
    ok: problems.length === 0,
    backupId: header?.meta.backupId ?? null,
    format: header?.meta.format ?? 'unknown',
    backupCreatedAt: header?.meta.createdAt ?? null,
    ...inspection,
    problems,
  };
  const fileHash = await fileSha256(file);
  await live.transaction().execute(async (trx) => {
    await insertBackupRecord(trx, {
      kind: 'restore_test',
      occurredAt: clock.now().toISOString(),
      outcome: result.ok ? 'success' : 'failure',
      backupId: result.backupId,
      fileHash,
      format: result.format,
      recipientKeyId: header?.recipient ?? null,
      details: { ...inspection, backupCreatedAt: result.backupCreatedAt, problems: problems.slice(0, 20) },
    });
    await options.audit.record(trx, systemContext(INSTALLATION_CHAIN, 'backup', 'cli'), {
      action: 'key.backup.verify',
      objectType: 'backup',
      objectId: result.backupId,
      outcome: result.ok ? 'success' : 'failure',
      details: {
        format: result.format,
        rows: inspection.rowsLoaded,
        chains: inspection.chainsVerified,
        problems: problems.length,
      },
    });
  });
  return result;
}
