import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvKeyProvider } from './env.key-provider.js';
import { createKeyFile, loadFileKeyProvider } from './file.key-provider.js';
import { describeKeyProvider } from './key-provider.suite.js';

const dir = mkdtempSync(join(tmpdir(), 'tijori-kek-'));

describeKeyProvider('file', () => {
  createKeyFile(join(dir, 'a', 'kek.key'));
  createKeyFile(join(dir, 'b', 'kek.key'));
  return Promise.resolve({
    provider: loadFileKeyProvider(join(dir, 'a', 'kek.key')),
    other: loadFileKeyProvider(join(dir, 'b', 'kek.key')),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});

describeKeyProvider('env', () =>
  Promise.resolve({
    provider: loadEnvKeyProvider(randomBytes(32).toString('base64')),
    other: loadEnvKeyProvider(randomBytes(32).toString('base64')),
  }),
);

describe('key file safety', () => {
  const root = mkdtempSync(join(tmpdir(), 'tijori-kekfile-'));

  it('is created with mode 0600 in a 0700 folder and never overwritten', () => {
    const path = join(root, 'keys', 'kek.key');
    createKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'keys')).mode & 0o777).toBe(0o700);
    const before = readFileSync(path, 'utf8');
    expect(() => createKeyFile(path)).toThrow(/already exists/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses looser permissions, saying how to fix them', () => {
    const path = join(root, 'loose.key');
    createKeyFile(path);
    chmodSync(path, 0o644);
    expect(() => loadFileKeyProvider(path)).toThrow(/chmod 600/);
  });

  it('refuses a missing or malformed file with a clear error', () => {
    expect(() => loadFileKeyProvider(join(root, 'missing.key'))).toThrow(/missing/);
    const path = join(root, 'bad.key');
    writeFileSync(path, 'not a key\n', { mode: 0o600 });
    expect(() => loadFileKeyProvider(path)).toThrow(/not a Tijori key file/);
    writeFileSync(path, `tijori-kek-v1\n${randomBytes(16).toString('base64')}\n`, { mode: 0o600 });
    expect(() => loadFileKeyProvider(path)).toThrow(/not a Tijori key file/);
  });

  it('refuses a TIJORI_KEK of the wrong length', () => {
    expect(() => loadEnvKeyProvider(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => loadEnvKeyProvider('not base64!')).toThrow(/32 bytes/);
  });
});
