/**
 * The file KEK provider (the embedded default): 32 random bytes in a file that `tijori init`
 * creates with mode 0600 in a 0700 folder, apart from the database. Startup refuses a key file
 * that other users could read, or one that is not in the expected format.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createSoftwareProvider, KeyProviderError, type KeyProvider } from './key-provider.js';

const HEADER = 'tijori-kek-v1';

/** Creates a new KEK file; refuses to overwrite an existing one (that would orphan every key). */
export function createKeyFile(path: string): void {
  if (existsSync(path))
    throw new KeyProviderError('a key file already exists there; refusing to overwrite it');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  chmodSync(dirname(path), 0o700);
  const kek = randomBytes(32);
  writeFileSync(path, `${HEADER}\n${kek.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  kek.fill(0);
  chmodSync(path, 0o600);
}

/** Loads the KEK file, checking its permissions and format. */
export function loadFileKeyProvider(path: string): KeyProvider {
  if (!existsSync(path)) {
    throw new KeyProviderError(
      `the key file is missing: restore it from your key backup, or set TIJORI_KEK_FILE`,
    );
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new KeyProviderError(
      `the key file is readable by other users (mode ${mode.toString(8)}): run chmod 600 on it`,
    );
  }
  const lines = readFileSync(path, 'utf8').split('\n');
  const body = lines[1]?.trim() ?? '';
  const kek = Buffer.from(body, 'base64');
  if (lines[0] !== HEADER || kek.length !== 32 || kek.toString('base64') !== body) {
    throw new KeyProviderError(
      'the key file is not a Tijori key file (expected tijori-kek-v1 and 32 bytes in base64)',
    );
  }
  try {
    return createSoftwareProvider('file', kek);
  } finally {
    kek.fill(0);
  }
}
