/**
 * Chooses and opens the KEK provider from the configuration, and creates the KEK on first run
 * (a key file for the file provider, a key object in the HSM for pkcs11). A missing KEK is created
 * only while no data key exists: creating a new one later would orphan every wrapped key.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import { loadEnvKeyProvider } from '../../crypto/env.key-provider.js';
import { createKeyFile, loadFileKeyProvider } from '../../crypto/file.key-provider.js';
import { KeyProviderError, type KeyProvider } from '../../crypto/key-provider.js';
import { loadPkcs11KeyProvider } from '../../crypto/pkcs11.key-provider.js';
import type { Database } from '../../db/schema.js';

export function kekFilePath(config: Config): string {
  return config.kekFile ?? join(config.dataDir, 'keys', 'kek.key');
}

/** Opens the configured provider; with `create`, makes the KEK when none exists yet. */
export function openKeyProvider(config: Config, options: { create?: boolean } = {}): KeyProvider {
  switch (config.keyProvider) {
    case 'file': {
      const path = kekFilePath(config);
      if (options.create === true && !existsSync(path)) createKeyFile(path);
      return loadFileKeyProvider(path);
    }
    case 'env':
      if (config.kek === undefined) throw new KeyProviderError('TIJORI_KEK is not set');
      return loadEnvKeyProvider(config.kek);
    case 'pkcs11':
      if (config.pkcs11Module === undefined || config.pkcs11Pin === undefined) {
        throw new KeyProviderError(
          'TIJORI_PKCS11_MODULE and TIJORI_PKCS11_PIN are required for the pkcs11 provider',
        );
      }
      return loadPkcs11KeyProvider({
        modulePath: config.pkcs11Module,
        ...(config.pkcs11TokenLabel === undefined ? {} : { tokenLabel: config.pkcs11TokenLabel }),
        pin: config.pkcs11Pin,
        keyLabel: config.pkcs11KeyLabel,
        createIfMissing: options.create === true,
      });
  }
}

/** First run: create the KEK if it is missing and nothing was ever wrapped; refuse otherwise. */
export async function ensureKeyProvider(config: Config, db: Kysely<Database>): Promise<KeyProvider> {
  const anyKey = await db.selectFrom('data_keys').select('key_id').limit(1).executeTakeFirst();
  const hasKeys = anyKey !== undefined;
  if (config.keyProvider === 'file' && !existsSync(kekFilePath(config)) && hasKeys) {
    throw new KeyProviderError(
      'the key file is missing but the database holds wrapped keys: restore the key file from its backup',
    );
  }
  return openKeyProvider(config, { create: !hasKeys });
}
