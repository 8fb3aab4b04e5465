/** The key commands end to end on SQLite: inventory, rotation with progress, backup and restore, doctor. */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/config.js';
import { withRuntime } from '../../src/cli/runtime.js';
import { runTijori } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'tijori-keys-cli-'));
const dataDir = join(root, 'shop');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('key commands [sqlite]', () => {
  beforeAll(async () => {
    expect((await runTijori(['init', '--data-dir', dataDir, '--non-interactive'])).code).toBe(0);
    // Some encrypted data for tenant t1, through the real services.
    await withRuntime(buildConfig({ dataDir }), async ({ services }) => {
      for (let i = 0; i < 25; i += 1) {
        await services.fieldCipher.encrypt(
          'payment_ref',
          { tenantId: 't1', table: 'tenant_key_pairs', column: 'private_key', rowId: `r${i}` },
          'x',
        );
      }
      await services.keyRing.activeKey('t1', 'payment_ref', 'payment_ref');
    });
  });

  it('init creates the KEK file with mode 0600', () => {
    expect(statSync(join(dataDir, 'keys', 'kek.key')).mode & 0o777).toBe(0o600);
  });

  it('keys list prints the inventory with purpose, version, provider and due date', async () => {
    const run = await runTijori(['keys', 'list', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/KEK: file provider, id [0-9a-f]{16}/);
    expect(run.stdout).toMatch(/t1\s+payment_ref\s+1\s+AES-256-GCM\s+file\s+0\s+active\s+\d{4}-\d{2}-\d{2}/);
    const json = JSON.parse((await runTijori(['keys', 'list', '--json', '--data-dir', dataDir])).stdout) as {
      keys: { keyId: string }[];
    };
    expect(json.keys.some((k) => k.keyId === 'payment_ref')).toBe(true);
  });

  it('keys rotate starts a new version (re-encryption left to the server with --no-wait)', async () => {
    const run = await runTijori([
      'keys',
      'rotate',
      '--purpose',
      'payment_ref',
      '--tenant',
      't1',
      '--no-wait',
      '--data-dir',
      dataDir,
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Rotating payment_ref of tenant t1: v1 -> v2/);
    const list = await runTijori(['keys', 'list', '--data-dir', dataDir]);
    expect(list.stdout).toMatch(/payment_ref\s+2\s+AES-256-GCM\s+file\s+0\s+active/);
    expect(list.stdout).toMatch(/payment_ref\s+1\s+AES-256-GCM\s+file\s+0\s+decrypt_only/);
    expect((await runTijori(['keys', 'rotate', '--purpose', 'nope', '--data-dir', dataDir])).code).toBe(2);
  });

  it('backup writes an encrypted file; restore verifies it and brings the data back', async () => {
    const file = join(root, 'shop.tjb');
    const backup = await runTijori(['backup', '--out', file, '--data-dir', dataDir]);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/Backup written to .* \(sqlite-file\), encrypted for key [0-9a-f]{16}/);
    expect(readFileSync(file).subarray(0, 16).toString()).toBe('TIJORI-BACKUP-1\n');
    expect((await runTijori(['backup', '--out', file, '--data-dir', dataDir])).code).toBe(2);
    const restore = await runTijori(['restore', file, '--data-dir', dataDir]);
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toMatch(/Restored the backup of .*; re-applied 0 erasure/);
    expect((await runTijori(['keys', 'list', '--data-dir', dataDir])).stdout).toMatch(/payment_ref\s+2/);
  });

  it('a backup to an offline key needs that key to restore', async () => {
    const identity = join(root, 'owner.key');
    const pair = await runTijori(['keys', 'backup-keypair', '--out', identity]);
    const publicKey = /Public key \(use with tijori backup --recipient\): (\S+)/.exec(pair.stdout)?.[1] ?? '';
    expect(statSync(identity).mode & 0o777).toBe(0o600);
    const file = join(root, 'offline.tjb');
    expect(
      (await runTijori(['backup', '--out', file, '--recipient', publicKey, '--data-dir', dataDir])).code,
    ).toBe(0);
    const without = await runTijori(['restore', file, '--data-dir', dataDir]);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/different key/);
    expect((await runTijori(['restore', file, '--identity', identity, '--data-dir', dataDir])).code).toBe(0);
  });

  it('doctor checks the KEK: a loose key file fails with the fix', async () => {
    expect((await runTijori(['doctor', '--data-dir', dataDir])).stdout).toMatch(
      /ok {4}key-encryption key: file provider, id [0-9a-f]{16}, unwraps the stored keys/,
    );
    chmodSync(join(dataDir, 'keys', 'kek.key'), 0o644);
    const doctor = await runTijori(['doctor', '--data-dir', dataDir]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/FAIL {2}key-encryption key: .*chmod 600/);
    const serve = await runTijori(['keys', 'list', '--data-dir', dataDir]);
    expect(serve.code).not.toBe(0);
    chmodSync(join(dataDir, 'keys', 'kek.key'), 0o600);
  });

  it('refuses to start with a missing key file once keys exist, and creates nothing', async () => {
    const kek = join(dataDir, 'keys', 'kek.key');
    const saved = readFileSync(kek);
    rmSync(kek);
    const run = await runTijori(['keys', 'list', '--data-dir', dataDir]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/key file is missing/);
    expect(existsSync(kek)).toBe(false);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(kek, saved, { mode: 0o600 });
  });
});
