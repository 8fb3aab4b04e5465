import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvKeyProvider, successorEnvKek } from './env.key-provider.js';
import { createKeyFile, createSuccessorKeyFile, loadFileKeyProvider } from './file.key-provider.js';
import { describeKeyProvider } from '../../test/support/key-provider.suite.js';

const dir = mkdtempSync(join(tmpdir(), 'tijori-kek-'));

describeKeyProvider('file', () => {
  createKeyFile(join(dir, 'a', 'kek.key'));
  createKeyFile(join(dir, 'b', 'kek.key'));
  createSuccessorKeyFile(join(dir, 'a', 'kek.key'), join(dir, 'a', 'kek.key.next'));
  return Promise.resolve({
    provider: loadFileKeyProvider(join(dir, 'a', 'kek.key')),
    other: loadFileKeyProvider(join(dir, 'b', 'kek.key')),
    successor: loadFileKeyProvider(join(dir, 'a', 'kek.key.next')),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});

describeKeyProvider('env', () => {
  const kek = randomBytes(32).toString('base64');
  return Promise.resolve({
    provider: loadEnvKeyProvider(kek),
    other: loadEnvKeyProvider(randomBytes(32).toString('base64')),
    successor: loadEnvKeyProvider(successorEnvKek(kek, randomBytes(32).toString('base64'))),
  });
});

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
    const [a, b, c] = [0, 1, 2].map(() => randomBytes(32).toString('base64'));
    expect(() => loadEnvKeyProvider(`${a}:${b}:${c}`)).toThrow(/32 bytes/);
  });

  it('a successor key file keeps mode 0600 and never overwrites', () => {
    const path = join(root, 'rotating.key');
    createKeyFile(path);
    createSuccessorKeyFile(path, `${path}.next`);
    expect(statSync(`${path}.next`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${path}.next`, 'utf8')).toMatch(/^tijori-kek-v1\n/);
    expect(() => createSuccessorKeyFile(path, `${path}.next`)).toThrow(/already exists/);
  });
});
