import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptBackupFile, encryptBackupFile, readBackupHeader } from './backup-crypto.js';
import { generateSealKeyPair } from './sealed-box.js';

const dir = mkdtempSync(join(tmpdir(), 'tijori-backup-crypto-'));

describe('backup file encryption', () => {
  const owner = generateSealKeyPair();
  const plain = Buffer.concat([randomBytes(2.5 * 1024 * 1024), Buffer.from('Ravi Kumar +919876543210')]);
  const source = join(dir, 'plain.bin');
  writeFileSync(source, plain);
  const encrypted = join(dir, 'backup.tjb');

  it('round-trips a multi-chunk file with progress, and holds no plaintext', async () => {
    const seen: number[] = [];
    await encryptBackupFile(source, encrypted, owner.publicKey, { format: 'sqlite-file' }, (done) =>
      seen.push(done),
    );
    expect(seen.at(-1)).toBe(plain.length);
    expect(readFileSync(encrypted).includes(Buffer.from('+919876543210'))).toBe(false);
    const out = join(dir, 'restored.bin');
    const header = await decryptBackupFile(encrypted, out, owner.privateKey);
    expect(header.meta.format).toBe('sqlite-file');
    expect(readFileSync(out).equals(plain)).toBe(true);
  });

  it('refuses a truncated, modified or reordered file, and writes nothing', async () => {
    const bytes = readFileSync(encrypted);
    const damaged = [
      bytes.subarray(0, bytes.length - 100),
      Buffer.concat([bytes.subarray(0, 2000), Buffer.from([bytes[2000]! ^ 1]), bytes.subarray(2001)]),
    ];
    for (const [i, variant] of damaged.entries()) {
      const path = join(dir, `damaged-${i}.tjb`);
      writeFileSync(path, variant);
      const out = join(dir, `damaged-${i}.out`);
      await expect(decryptBackupFile(path, out, owner.privateKey)).rejects.toMatchObject({
        code: 'validation_failed',
      });
      expect(existsSync(out)).toBe(false);
    }
  });

  it('cannot be opened with another key', async () => {
    const stranger = generateSealKeyPair();
    await expect(decryptBackupFile(encrypted, join(dir, 'x.out'), stranger.privateKey)).rejects.toMatchObject(
      { field: 'identity' },
    );
    expect((await readBackupHeader(encrypted)).alg).toBe('X25519-HKDF-SHA256-AES-256-GCM');
  });
});
