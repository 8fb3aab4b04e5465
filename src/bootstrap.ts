/**
 * Prepares an installation on disk: the data folder (0700), the database and its migrations, the
 * key-encryption key (created on first run), and the TLS certificate. Used by `tijori init` and by the first `tijori serve`.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import type { Config } from './config/config.js';
import { databaseOptionsFromConfig, openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { loadTlsMaterial, type TlsMaterial } from './http/tls.js';
import type { KeyProvider } from './crypto/key-provider.js';
import { ensureKeyProvider } from './modules/keys/key-provider.factory.js';

export interface PreparedInstallation {
  database: DatabaseHandle;
  /** The KEK provider; created (key file or HSM key) on first run. */
  keyProvider: KeyProvider;
  createdDataDir: boolean;
  migrationsApplied: string[];
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

export async function prepareInstallation(
  config: Config,
): Promise<PreparedInstallation & { tls: TlsMaterial | null }> {
  const createdDataDir = ensureDataDir(config.dataDir);
  const { database, applied } = await openAndMigrate(config);
  try {
    const keyProvider = await ensureKeyProvider(config, database.db);
    const tls = config.httpOnly ? null : await loadTlsMaterial(config);
    return { database, keyProvider, createdDataDir, migrationsApplied: applied, tls };
  } catch (error) {
    await database.close();
    throw error;
  }
}
