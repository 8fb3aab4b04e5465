/**
 * Prepares an installation on disk: the data folder (0700), the database and its migrations, the
 * key-encryption key (created on first run), and the TLS certificate. Used by `tijori init`, the
 * operational commands and `tijori serve`. The KEK is checked against the stored keys before
 * anything is written (a wrong key file or TIJORI_KEK stops here), an interrupted KEK rotation is
 * finished, and erasures from the journal are applied again before anything can be served.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Config } from './config/config.js';
import { databaseOptionsFromConfig, openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { Database } from './db/schema.js';
import { systemClock } from './domain/clock.js';
import { loadTlsMaterial, type TlsMaterial } from './http/tls.js';
import type { KeyProvider } from './crypto/key-provider.js';
import { readTombstoneJournals } from './modules/keys/erasure.service.js';
import { reapplyErasures } from './modules/keys/erasure-reapply.js';
import { reapplyErasedRows } from './modules/privacy/customer-erasure.service.js';
import {
  finishInterruptedKekRotation,
  upgradeLegacyWrappings,
  verifyKek,
} from './modules/keys/kek-rotation.service.js';
import { erasureJournalPaths } from './modules/keys/key-files.js';
import { ensureKeyProvider, openExistingKeyProvider } from './modules/keys/key-provider.factory.js';

export interface PreparedInstallation {
  database: DatabaseHandle;
  /** The KEK provider; created (key file or HSM key) on first run. */
  keyProvider: KeyProvider;
  createdDataDir: boolean;
  migrationsApplied: string[];
  /** Erasures from the journal that the database had lost (a database copied back, say). */
  erasuresReapplied: number;
  /** An interrupted KEK rotation was finished (`finished`) or its unused key file set aside. */
  kekRotation: 'none' | 'finished' | 'abandoned';
}

/** Creates the data folder with mode 0700 when missing; tightens an existing one we created. */
export function ensureDataDir(dataDir: string): boolean {
  if (existsSync(dataDir)) {
    if (!statSync(dataDir).isDirectory()) throw new Error('TIJORI_DATA_DIR exists and is not a folder');
    return false;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  return true;
}

/** Opens the database and applies pending migrations. */
export async function openAndMigrate(
  config: Config,
): Promise<{ database: DatabaseHandle; applied: string[] }> {
  const database = openDatabase(databaseOptionsFromConfig(config));
  try {
    const applied = await migrateToLatest(database);
    return { database, applied };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Whether the key store exists yet (its migration ran), without failing when it does not. */
async function hasKeyStore(db: Kysely<Database>): Promise<boolean> {
  try {
    await db.selectFrom('data_keys').select('kek_id').limit(1).execute();
    return true;
  } catch {
    return false;
  }
}

export async function prepareInstallation(
  config: Config,
): Promise<PreparedInstallation & { tls: TlsMaterial | null }> {
  // A KEK in the environment, or an existing key file, is checked before anything is created.
  let keyProvider: KeyProvider | undefined = openExistingKeyProvider(config);
  let database: DatabaseHandle | undefined;
  try {
    const createdDataDir = ensureDataDir(config.dataDir);
    database = openDatabase(databaseOptionsFromConfig(config));
    let kekRotation: PreparedInstallation['kekRotation'] = 'none';
    if (await hasKeyStore(database.db)) {
      kekRotation = await finishInterruptedKekRotation(config, database.db, systemClock);
      if (kekRotation === 'finished') {
        await keyProvider?.close();
        keyProvider = openExistingKeyProvider(config);
      }
      keyProvider ??= await ensureKeyProvider(config, database.db);
      await verifyKek(database.db, keyProvider);
    }
    const migrationsApplied = await migrateToLatest(database);
    keyProvider ??= await ensureKeyProvider(config, database.db);
    // Domain separation: wrappings made directly under the KEK move under its wrap subkey.
    await upgradeLegacyWrappings(config, database.db, keyProvider);
    const erasuresReapplied = (
      await reapplyErasures(
        config,
        database.db,
        keyProvider,
        readTombstoneJournals(erasureJournalPaths(config)),
        reapplyErasedRows,
      )
    ).tombstonesApplied;
    const tls = config.httpOnly ? null : await loadTlsMaterial(config);
    return {
      database,
      keyProvider,
      createdDataDir,
      migrationsApplied,
      erasuresReapplied,
      kekRotation,
      tls,
    };
  } catch (error) {
    await database?.close();
    await keyProvider?.close();
    throw error;
  }
}
