/**
 * Encrypted backups and restores. A backup is a consistent snapshot (SQLite's online backup, or a
 * one-transaction JSON-lines dump of PostgreSQL) encrypted to a recipient's X25519 public key: by
 * default the installation's backup key (its private half kept in the data folder, wrapped by the
 * KEK), or an owner's offline key. A restore verifies the whole file before touching the database,
 * then re-applies every erasure recorded since (tombstones from the current database and the
 * erasure journal) before anything can serve the restored data.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import {
  decryptBackupFile,
  encryptBackupFile,
  recipientKeyId,
  type BackupHeader,
} from '../../crypto/backup-crypto.js';
import type { KeyProvider } from '../../crypto/key-provider.js';
import { generateSealKeyPair } from '../../crypto/sealed-box.js';
import {
  databaseOptionsFromConfig,
  openDatabase,
  sqlitePathFor,
  type DatabaseHandle,
} from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import {
  listTombstones,
  readTombstoneJournal,
  reapplyTombstones,
  type Tombstone,
} from './erasure.service.js';
import { decodeRow, snapshotPostgres, snapshotSqlite } from './snapshot.js';
import { TIJORI_VERSION } from '../../version.js';
import { systemClock } from '../../domain/clock.js';
import { AuditTrail } from '../audit/audit.recorder.js';
import { INSTALLATION_CHAIN, systemContext, type AuditRecorder } from '../audit/audit.types.js';

/** Backups and restores are recorded in the installation chain (always). */
const recorderOf = (given: AuditRecorder | undefined): AuditRecorder => given ?? new AuditTrail(systemClock);
const backupContext = systemContext(INSTALLATION_CHAIN, 'backup', 'cli');

const BACKUP_KEY_CONTEXT = '_installation/backup/1';

export type ProgressReporter = (stage: string, done: number, total: number) => void;

export function keysDir(config: Config): string {
  return join(config.dataDir, 'keys');
}

export function erasureJournalPath(config: Config): string {
  return join(keysDir(config), 'erasures.jsonl');
}

function backupKeyPath(config: Config): string {
  return join(keysDir(config), 'backup-key.json');
}

/** The installation backup key pair: created once, private half wrapped by the KEK. */
export async function installationBackupKey(
  config: Config,
  provider: KeyProvider,
): Promise<{ publicKey: string; privateKey: () => Promise<string> }> {
  const path = backupKeyPath(config);
  if (!existsSync(path)) {
    mkdirSync(keysDir(config), { recursive: true, mode: 0o700 });
    const pair = generateSealKeyPair();
    const wrapped = await provider.wrapKey(Buffer.from(pair.privateKey, 'base64url'), BACKUP_KEY_CONTEXT);
    writeFileSync(path, JSON.stringify({ publicKey: pair.publicKey, wrappedPrivateKey: wrapped }) + '\n', {
      mode: 0o600,
      flag: 'wx',
    });
  }
  const stored = JSON.parse(readFileSync(path, 'utf8')) as { publicKey: string; wrappedPrivateKey: string };
  return {
    publicKey: stored.publicKey,
    privateKey: async () =>
      (await provider.unwrapKey(stored.wrappedPrivateKey, BACKUP_KEY_CONTEXT)).toString('base64url'),
  };
}

/** Writes an encrypted backup of the configured database to `out`. */
export async function createBackup(
  config: Config,
  database: DatabaseHandle,
  provider: KeyProvider,
  out: string,
  options: { recipient?: string; onProgress?: ProgressReporter; audit?: AuditRecorder } = {},
): Promise<{ recipientKeyId: string; format: string }> {
  const recipient = options.recipient ?? (await installationBackupKey(config, provider)).publicKey;
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
      createdAt: new Date().toISOString(),
      tijori: TIJORI_VERSION,
    };
    await encryptBackupFile(work, out, recipient, meta, (done, total) =>
      options.onProgress?.('encrypt', done, total),
    );
  } finally {
    rmSync(work, { force: true });
  }
  await recorderOf(options.audit).record(database.db, backupContext, {
    action: 'key.backup',
    objectType: 'backup',
    objectId: null,
    outcome: 'success',
    details: {
      format,
      recipientKeyId: recipientKeyId(recipient),
      installationKey: options.recipient === undefined,
    },
  });
  return { recipientKeyId: recipientKeyId(recipient), format };
}

async function currentTombstones(config: Config): Promise<Tombstone[]> {
  const found = new Map<string, Tombstone>();
  for (const t of readTombstoneJournal(erasureJournalPath(config)))
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
 * Restores a backup into the configured database. Run it with Tijori stopped. Returns how many
 * erasures had to be applied again to the restored data.
 */
export async function restoreBackup(
  config: Config,
  file: string,
  provider: KeyProvider,
  options: { identity?: string; onProgress?: ProgressReporter; audit?: AuditRecorder } = {},
): Promise<{ header: BackupHeader; tombstonesApplied: number }> {
  const privateKey = options.identity ?? (await (await installationBackupKey(config, provider)).privateKey());
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const plain = join(config.dataDir, `.restore-${randomBytes(6).toString('hex')}`);
  const header = await decryptBackupFile(file, plain, privateKey, (done, total) =>
    options.onProgress?.('verify', done, total),
  );
  try {
    const tombstones = await currentTombstones(config);
    const format = header.meta.format;
    if (format === 'sqlite-file') {
      if (config.databaseUrl !== undefined)
        throw new AppError(
          'validation_failed',
          'this backup is of a SQLite installation; restore it with TIJORI_DATABASE_URL unset',
          'file',
        );
      replaceSqliteFile(config, plain);
    } else if (format === 'jsonl') {
      if (config.databaseUrl === undefined)
        throw new AppError(
          'validation_failed',
          'this backup is of a PostgreSQL installation; set TIJORI_DATABASE_URL',
          'file',
        );
      await loadPostgres(config, plain, options.onProgress);
    } else {
      throw new AppError('validation_failed', 'unknown backup format', 'file');
    }
    const handle = openDatabase(databaseOptionsFromConfig(config));
    try {
      await migrateToLatest(handle);
      const tombstonesApplied = await reapplyTombstones(handle.db, tombstones);
      // The restored trail ends where the backup was taken; this entry says so after that point.
      await recorderOf(options.audit).record(handle.db, backupContext, {
        action: 'key.restore',
        objectType: 'backup',
        objectId: null,
        outcome: 'success',
        details: {
          format,
          backupCreatedAt: String(header.meta.createdAt ?? 'unknown'),
          erasuresReapplied: tombstonesApplied,
        },
      });
      return { header, tombstonesApplied };
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(plain, { force: true });
  }
}

function replaceSqliteFile(config: Config, plain: string): void {
  const path = sqlitePathFor(config.dataDir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  if (existsSync(path)) renameSync(path, `${path}.before-restore-${stamp}`);
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  renameSync(plain, path);
}

async function dropAllTables(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
    db,
  );
  for (const r of rows) await sql`drop table if exists ${sql.table(r.table_name)} cascade`.execute(db);
}

/** Tables in an order where every referenced table comes first. */
async function insertOrder(db: Kysely<Database>): Promise<string[]> {
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
    db,
  );
  const { rows: refs } = await sql<{ child: string; parent: string }>`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`.execute(
    db,
  );
  const order: string[] = [];
  const pending = new Set(tables.map((t) => t.table_name));
  while (pending.size > 0) {
    const ready = [...pending].filter(
      (t) => !refs.some((r) => r.child === t && r.parent !== t && pending.has(r.parent)),
    );
    if (ready.length === 0) throw new Error('circular foreign keys');
    for (const t of ready.sort()) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order;
}

async function loadPostgres(config: Config, plain: string, onProgress?: ProgressReporter): Promise<void> {
  const handle = openDatabase(databaseOptionsFromConfig(config));
  try {
    await dropAllTables(handle.db);
    await migrateToLatest(handle);
    const order = await insertOrder(handle.db);
    // Rows are grouped per table in the file; read it once per table in dependency order.
    let done = 0;
    await handle.db.transaction().execute(async (trx) => {
      for (const table of order) {
        if (table.startsWith('kysely_migration')) continue;
        // The rows are restored as they were: the tables' own triggers (append-only audit trail,
        // chain continuity) stay off for the load and are back on when the transaction commits.
        await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
        const lines = createInterface({ input: createReadStream(plain), crlfDelay: Infinity });
        let first = true;
        for await (const line of lines) {
          if (first) {
            first = false;
            continue;
          }
          const { t, r } = JSON.parse(line) as { t: string; r: Record<string, unknown> };
          if (t !== table) continue;
          await trx
            .insertInto(table as never)
            .values(decodeRow(r))
            .execute();
          done += 1;
          if (done % 1000 === 0) onProgress?.('load', done, 0);
        }
        await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
      }
    });
  } finally {
    await handle.close();
  }
}
