/**
 * Key material kept in the data folder's `keys/` directory beside the KEK file: the installation
 * backup key pair (its private half wrapped by the KEK), the erasure journal, and KEK files
 * retired by a KEK rotation (kept so that older backups can still be restored).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Config } from '../../config/config.js';
import { loadFileKeyProvider } from '../../crypto/file.key-provider.js';
import { isCurrentWrap, parseWrapped, type KeyProvider } from '../../crypto/key-provider.js';
import { generateSealKeyPair } from '../../crypto/sealed-box.js';
import { kekFilePath, keyFolder } from './key-provider.factory.js';

const BACKUP_KEY_CONTEXT = '_installation/backup/1';

export function keysDir(config: Config): string {
  return join(config.dataDir, 'keys');
}

export { keyFolder };

/** Where erasures are journaled (ids only), to re-apply them to restored or replaced databases. */
export function erasureJournalPath(config: Config): string {
  return join(keysDir(config), 'erasures.jsonl');
}

/**
 * Every copy of the erasure journal: the data folder's, the key folder's (outside the data folder)
 * and, when set, the off-machine checkpoint folder's (issue 19, item 7). Erasures are appended to
 * each; restores and starts read them all.
 */
export function erasureJournalPaths(config: Config): string[] {
  return [
    erasureJournalPath(config),
    join(keyFolder(config), 'erasures.jsonl'),
    ...(config.auditCheckpointDir === undefined ? [] : [join(config.auditCheckpointDir, 'erasures.jsonl')]),
  ];
}

function backupKeyPath(config: Config): string {
  return join(keysDir(config), 'backup-key.json');
}

interface StoredBackupKey {
  publicKey: string;
  wrappedPrivateKey: string;
}

function readBackupKey(path: string): StoredBackupKey {
  return JSON.parse(readFileSync(path, 'utf8')) as StoredBackupKey;
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
  const stored = readBackupKey(path);
  return {
    publicKey: stored.publicKey,
    privateKey: async () =>
      (await provider.unwrapKey(stored.wrappedPrivateKey, BACKUP_KEY_CONTEXT)).toString('base64url'),
  };
}

/**
 * Re-wraps the backup key's private half under `target` (KEK rotation); true when it changed.
 * Written to a temporary file and renamed, so a crash leaves the old or the new file, never half.
 */
export async function rewrapBackupKey(
  config: Config,
  sources: readonly KeyProvider[],
  target: KeyProvider,
): Promise<boolean> {
  const path = backupKeyPath(config);
  if (!existsSync(path)) return false;
  const stored = readBackupKey(path);
  const kekId = parseWrapped(stored.wrappedPrivateKey).kekId;
  if (isCurrentWrap(stored.wrappedPrivateKey, target)) return false;
  const source = sources.find((p) => p.kekId === kekId);
  if (source === undefined) return false;
  const plain = await source.unwrapKey(stored.wrappedPrivateKey, BACKUP_KEY_CONTEXT);
  try {
    const wrapped = await target.wrapKey(plain, BACKUP_KEY_CONTEXT);
    const temp = `${path}.tmp`;
    writeFileSync(temp, JSON.stringify({ ...stored, wrappedPrivateKey: wrapped }) + '\n', { mode: 0o600 });
    renameSync(temp, path);
    return true;
  } finally {
    plain.fill(0);
  }
}

const RETIRED = '.retired-';

/** The name a KEK file gets when a rotation retires it. */
export function retiredKeyFilePath(config: Config, at: Date): string {
  return `${kekFilePath(config)}${RETIRED}${at.toISOString().replace(/[:.]/g, '-')}`;
}

/** Providers for the KEK files that rotations retired (file provider only), oldest first. */
export function retiredKeyProviders(config: Config): KeyProvider[] {
  const path = kekFilePath(config);
  const dir = dirname(path);
  if (config.keyProvider !== 'file' || !existsSync(dir)) return [];
  const prefix = `${basename(path)}${RETIRED}`;
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => loadFileKeyProvider(join(dir, name)));
}
