/**
 * The file KEK provider (the embedded default): 32 random bytes in a file that `tijori init`
 * creates with mode 0600 in a 0700 folder, apart from the database. Startup refuses a key file
 * that other users could read, or one that is not in the expected format.
 *
 *   tijori-kek-v1            a KEK that was never rotated: it also roots the derived secrets
 *   <KEK, base64>
 *
 *   tijori-kek-v2            written by rotations before ADR 0054: the wrapping key, and the
 *   <KEK, base64>            derivation root carried over from the first KEK (password pepper,
 *   <derivation root, base64> login index). Still read; a rotation now writes a fresh v1 file.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createSoftwareProvider, KeyProviderError, type KeyProvider } from './key-provider.js';

const HEADER_V1 = 'tijori-kek-v1';
const HEADER_V2 = 'tijori-kek-v2';

interface KeyFileContents {
  kek: Buffer;
  deriveRoot: Buffer;
}

/** Writes a new key file holding a random KEK (format v1: it also roots the derived secrets). */
function writeKeyFile(path: string): void {
  if (existsSync(path))
    throw new KeyProviderError('a key file already exists there; refusing to overwrite it');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  chmodSync(dirname(path), 0o700);
  const text = `${HEADER_V1}\n${randomBytes(32).toString('base64')}\n`;
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** Creates a new KEK file; refuses to overwrite an existing one (that would orphan every key). */
export function createKeyFile(path: string): void {
  writeKeyFile(path);
}

/**
 * Writes the successor of the key file at `from` to `to` (used by `tijori keys rotate-kek`): a new
 * random KEK that is also a new derivation root, so the rotation revokes the old KEK's derived
 * secrets too (ADR 0054). `from` must be a readable key file.
 */
export function createSuccessorKeyFile(from: string, to: string): void {
  const current = readKeyFile(from);
  current.kek.fill(0);
  current.deriveRoot.fill(0);
  writeKeyFile(to);
}

function decode(line: string | undefined): Buffer | undefined {
  const text = line?.trim() ?? '';
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === text ? bytes : undefined;
}

/** Reads a key file, checking its permissions and format. */
function readKeyFile(path: string): KeyFileContents {
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
  const kek = decode(lines[1]);
  const deriveRoot = lines[0] === HEADER_V2 ? decode(lines[2]) : kek;
  if ((lines[0] !== HEADER_V1 && lines[0] !== HEADER_V2) || kek === undefined || deriveRoot === undefined) {
    throw new KeyProviderError(
      'the key file is not a Tijori key file (expected tijori-kek-v1 or v2 and 32-byte keys in base64)',
    );
  }
  return { kek, deriveRoot: lines[0] === HEADER_V2 ? deriveRoot : Buffer.from(kek) };
}

/** Loads the KEK file, checking its permissions and format. */
export function loadFileKeyProvider(path: string): KeyProvider {
  const { kek, deriveRoot } = readKeyFile(path);
  try {
    return createSoftwareProvider('file', kek, deriveRoot);
  } finally {
    kek.fill(0);
    deriveRoot.fill(0);
  }
}
