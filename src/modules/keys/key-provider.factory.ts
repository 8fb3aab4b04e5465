/**
 * Chooses and opens the KEK provider from the configuration, and creates the KEK on first run
 * (a key file for the file provider, a key object in the HSM for pkcs11). A missing KEK is created
 * only while no data key exists: creating a new one later would orphan every wrapped key.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import { loadEnvKeyProvider, successorEnvKek } from '../../crypto/env.key-provider.js';
import { createKeyFile, loadFileKeyProvider } from '../../crypto/file.key-provider.js';
import { KeyProviderError, type KeyProvider } from '../../crypto/key-provider.js';
import { loadPkcs11KeyProvider } from '../../crypto/pkcs11.key-provider.js';
import type { Database } from '../../db/schema.js';

/**
 * The key folder, outside the data folder (ADR 0024): the KEK file (by default), erasure key
 * epochs, index generations and trusted backup signers. `<dataDir>-keys` beside the data folder
 * unless TIJORI_KEY_DIR names another place.
 */
export function keyFolder(config: Config): string {
  if (config.keyDir !== undefined) return config.keyDir;
  const data = resolve(config.dataDir);
  return join(dirname(data), `${basename(data)}-keys`);
}

/** Where installations made before issue 24 keep the KEK: inside the data folder. */
export function legacyKekFilePath(config: Config): string {
  return join(config.dataDir, 'keys', 'kek.key');
}

/**
 * The KEK file: TIJORI_KEK_FILE, else `<key folder>/kek.key`, outside the data folder, so a copy
 * of the data folder carries no key (issue 24, item 5). An installation whose KEK is still at
 * `<data folder>/keys/kek.key` keeps using it (doctor and the self-audit warn) until the operator
 * moves it, with its retired files, to the key folder (README, "Moving the KEK out").
 */
export function kekFilePath(config: Config): string {
  if (config.kekFile !== undefined) return config.kekFile;
  const legacy = legacyKekFilePath(config);
  return existsSync(legacy) ? legacy : join(keyFolder(config), 'kek.key');
}

function pkcs11Options(config: Config, keyLabel: string, create: boolean) {
  if (config.pkcs11Module === undefined || config.pkcs11Pin === undefined) {
    throw new KeyProviderError(
      'TIJORI_PKCS11_MODULE and TIJORI_PKCS11_PIN are required for the pkcs11 provider',
    );
  }
  return {
    modulePath: config.pkcs11Module,
    ...(config.pkcs11TokenLabel === undefined ? {} : { tokenLabel: config.pkcs11TokenLabel }),
    pin: config.pkcs11Pin,
    keyLabel,
    // The derivation key in use; a KEK rotation makes a new one (`<new label>-hmac`, ADR 0054).
    deriveKeyLabel: config.pkcs11DeriveKeyLabel ?? `${config.pkcs11KeyLabel}-hmac`,
    createIfMissing: create,
  };
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
      return loadPkcs11KeyProvider(pkcs11Options(config, config.pkcs11KeyLabel, options.create === true));
  }
}

/**
 * The successor of an environment or HSM KEK for `tijori keys rotate-kek`: the new KEK (from
 * TIJORI_NEW_KEK, or a new HSM key created under `newKeyLabel`) with a new derivation root (ADR
 * 0054), and the settings the operator must change before the next start.
 */
export function openSuccessorProvider(
  config: Config,
  given: { newKek?: string; newKeyLabel?: string },
): { provider: KeyProvider; settings: string } {
  if (config.keyProvider === 'env') {
    if (given.newKek === undefined || config.kek === undefined)
      throw new KeyProviderError('set TIJORI_NEW_KEK to the new key (openssl rand -base64 32)');
    return {
      provider: loadEnvKeyProvider(successorEnvKek(config.kek, given.newKek)),
      settings: 'TIJORI_KEK=<TIJORI_NEW_KEK> (the new key alone: it is also the new derivation root)',
    };
  }
  if (config.keyProvider === 'pkcs11') {
    if (given.newKeyLabel === undefined || given.newKeyLabel === config.pkcs11KeyLabel)
      throw new KeyProviderError('give --new-key-label: a label for the new key in the HSM');
    // A new HMAC key too: the rotation revokes the old derived secrets (ADR 0054).
    const options = {
      ...pkcs11Options(config, given.newKeyLabel, true),
      deriveKeyLabel: `${given.newKeyLabel}-hmac`,
    };
    return {
      provider: loadPkcs11KeyProvider(options),
      settings: `TIJORI_PKCS11_KEY_LABEL=${given.newKeyLabel} TIJORI_PKCS11_DERIVE_KEY_LABEL=${options.deriveKeyLabel}`,
    };
  }
  throw new KeyProviderError('the file provider makes its successor itself (rotateFileKek)');
}

/**
 * The provider when its KEK already exists (environment KEK, existing key file), so that a bad
 * one stops startup before anything is written; undefined when it may still have to be created.
 */
export function openExistingKeyProvider(config: Config): KeyProvider | undefined {
  if (config.keyProvider === 'env') return openKeyProvider(config);
  if (config.keyProvider === 'file' && existsSync(kekFilePath(config))) return openKeyProvider(config);
  return undefined;
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
