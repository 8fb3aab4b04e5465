/** The key commands end to end on both engines: inventory, rotation with progress, backup and restore, doctor. */
import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { withRuntime } from '../../src/cli/runtime.js';
import { declareEncryptedColumn } from '../../src/modules/keys/encrypted-columns.js';
import { runTijori as runCli } from '../support/cli.js';
import { describeCliEachEngine, type CliInstallation } from '../support/cli-engines.js';

declareEncryptedColumn({ table: 'cli_refs', column: 'ref', purpose: 'payment_ref', rowIdColumn: 'id' });

/** `tijori init`, then 25 payment references of tenant t1 in a declared column. */
async function prepare(installation: CliInstallation): Promise<void> {
  const init = await runCli(
    ['init', '--data-dir', installation.dataDir, '--non-interactive'],
    installation.env,
  );
  expect(init.code).toBe(0);
  // Through the real services (the CLI runs in this process, so it sees the declaration).
  await withRuntime(installation.config(), async ({ services, database }) => {
    await sql`create table cli_refs (tenant_id text not null, id text not null, ref text not null,
        primary key (tenant_id, id))`.execute(database.db);
    for (let i = 0; i < 25; i += 1) {
      const id = `r${String(i).padStart(2, '0')}`;
      const ref = await services.fieldCipher.encrypt(
        'payment_ref',
        { tenantId: 't1', table: 'cli_refs', column: 'ref', rowId: id },
        `UPI-${id}`,
      );
      await database.db
        .insertInto('cli_refs' as never)
        .values({ tenant_id: 't1', id, ref })
        .execute();
    }
  });
}

describeCliEachEngine('key commands', (install, engine, root) => {
  let installation: CliInstallation;
  let dataDir = '';
  // Every command runs against the suite's installation (its database URL on PostgreSQL).
  const runTijori = (args: string[]) => runCli(args, installation.env);

  beforeAll(async () => {
    installation = await install();
    dataDir = installation.dataDir;
    await prepare(installation);
  }, 120_000);

  it('init creates the KEK file with mode 0600 in the key folder, outside the data folder', () => {
    expect(statSync(join(`${dataDir}-keys`, 'kek.key')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, 'keys', 'kek.key'))).toBe(false);
  });

  it('keys list prints every key: purpose, version, algorithm, provider, age, status, due date', async () => {
    expect((await runTijori(['keys', 'public-key', '--data-dir', dataDir])).code).toBe(0);
    const run = await runTijori(['keys', 'list', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/KEK: file provider, id [0-9a-f]{16}, AES-256-GCM key wrap/);
    expect(run.stdout).toMatch(
      /tenant\s+key id\s+purpose\s+v\s+algorithm\s+provider\s+age\(d\)\s+status\s+rotate by/,
    );
    expect(run.stdout).toMatch(
      /t1\s+payment_ref\s+payment_ref\s+1\s+AES-256-GCM\s+file\s+0\s+active\s+\d{4}-\d{2}-\d{2}/,
    );
    // The installation signing key pair is in the inventory too (its seed wrapped by the KEK).
    expect(run.stdout).toMatch(/_installation\s+signing\s+signing\s+1\s+Ed25519\s+file\s+0\s+active\s+-/);
    const json = JSON.parse((await runTijori(['keys', 'list', '--json', '--data-dir', dataDir])).stdout) as {
      keys: { keyId: string }[];
    };
    expect(json.keys.some((k) => k.keyId === 'payment_ref')).toBe(true);
  });

  it('keys rotate starts a new version; the minimum decryption version refuses to strand values, then retires and restores versions', async () => {
    // A rotation changes the keys every other test reads: this one has an installation of its own.
    const own = await install();
    await prepare(own);
    const run = (args: string[]) => runCli([...args, '--data-dir', own.dataDir], own.env);
    // `keys rotate --no-wait` starts a new version, leaving the re-encryption to the server.
    const started = await run(['keys', 'rotate', '--purpose', 'payment_ref', '--tenant', 't1', '--no-wait']);
    expect(started.stderr).toBe('');
    expect(started.stdout).toMatch(/Rotating payment_ref of tenant t1: v1 -> v2, 25 value\(s\)/);
    const list = await run(['keys', 'list']);
    expect(list.stdout).toMatch(/payment_ref\s+2\s+AES-256-GCM\s+file\s+0\s+active/);
    expect(list.stdout).toMatch(/payment_ref\s+1\s+AES-256-GCM\s+file\s+0\s+decrypt_only/);
    expect((await run(['keys', 'rotate', '--purpose', 'nope'])).code).toBe(2);

    const min = (version: string) =>
      run(['keys', 'min-version', '--purpose', 'payment_ref', '--tenant', 't1', '--to', version]);
    const early = await min('2');
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/25 value\(s\) still use a version below 2: rotate first/);
    expect((await min('3')).code).toBe(2);
    // `keys rotate` resumes the rotation started with --no-wait and shows its progress; it waits
    // out the rest of the active-key cache window from the start (10 s here, so the wait is still
    // ahead on a busy machine where the steps above take seconds).
    const resumed = await runCli(
      [
        'keys',
        'rotate',
        '--purpose',
        'payment_ref',
        '--tenant',
        't1',
        '--pause-ms',
        '0',
        '--data-dir',
        own.dataDir,
      ],
      { ...own.env, TIJORI_ACTIVE_KEY_CACHE_SECONDS: '10' },
    );
    expect(resumed.stdout).toMatch(/waiting up to 10 s for running instances to stop using v1/);
    expect(resumed.stdout).toMatch(/Resuming the rotation of payment_ref of tenant t1: v1 -> v2/);
    expect(resumed.stdout).toMatch(/\[#{20}\] 100%/);
    expect(resumed.stdout).toMatch(/done: 25 value\(s\) re-encrypted; v1 is retired/);
    expect((await run(['keys', 'list'])).stdout).toMatch(/payment_ref\s+1\s+\S+\s+file\s+0\s+retired/);
    const lowered = await min('1');
    expect(lowered.stdout).toMatch(/Minimum decryption version of payment_ref is now v1; restored v1/);
    expect((await run(['keys', 'list'])).stdout).toMatch(/payment_ref\s+1\s+\S+\s+file\s+0\s+decrypt_only/);
    expect((await min('2')).stdout).toMatch(/now v2; retired v1/);
  }, 120_000);

  it('public-key exports the Ed25519 signing key and a tenant sealed-box key', async () => {
    const signing = await runTijori(['keys', 'public-key', '--data-dir', dataDir]);
    expect(signing.stdout).toMatch(
      /key id [0-9a-f]{16}\n# raw: [A-Za-z0-9+/]{43}=\n-----BEGIN PUBLIC KEY-----/,
    );
    expect((await runTijori(['keys', 'public-key', '--data-dir', dataDir])).stdout).toBe(signing.stdout);
    expect((await runTijori(['keys', 'public-key', '--sealed-box', '--data-dir', dataDir])).code).toBe(2);
    const unknown = await runTijori([
      'keys',
      'public-key',
      '--sealed-box',
      '--tenant',
      'nobody',
      '--data-dir',
      dataDir,
    ]);
    expect(unknown.stderr).toMatch(/no tenant with that id/);
  });

  it('backup writes an encrypted file; restore verifies it and brings the data back', async () => {
    const file = join(root, 'shop.tjb');
    const keysBefore = (await runTijori(['keys', 'list', '--data-dir', dataDir])).stdout;
    const backup = await runTijori(['backup', '--out', file, '--data-dir', dataDir]);
    expect(backup.stderr).toBe('');
    const format = engine === 'sqlite' ? 'sqlite-file' : 'jsonl';
    expect(backup.stdout).toMatch(
      new RegExp(`Backup written to .* \\(${format}\\), encrypted for key [0-9a-f]{16}`),
    );
    // Progress of both stages, each to 100%.
    expect(backup.stdout).toMatch(/snapshot \[#{20}\] 100%/);
    expect(backup.stdout).toMatch(/encrypt {2}\[#{20}\] 100%/);
    expect(readFileSync(file).subarray(0, 16).toString()).toBe('TIJORI-BACKUP-2\n');
    expect((await runTijori(['backup', '--out', file, '--data-dir', dataDir])).code).toBe(2);
    const restore = await runTijori(['restore', file, '--data-dir', dataDir]);
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toMatch(/verify {3}\[#{20}\] 100%/);
    expect(restore.stdout).toMatch(/Restored the backup of .*; re-applied 0 erasure/);
    expect((await runTijori(['keys', 'list', '--data-dir', dataDir])).stdout).toBe(keysBefore);
  });

  it('a backup to an offline key needs that key to restore', async () => {
    const identity = join(root, 'owner.key');
    const pair = await runCli(['keys', 'backup-keypair', '--out', identity]);
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
    chmodSync(join(`${dataDir}-keys`, 'kek.key'), 0o644);
    const doctor = await runTijori(['doctor', '--data-dir', dataDir]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/FAIL {2}key-encryption key: .*chmod 600/);
    const serve = await runTijori(['keys', 'list', '--data-dir', dataDir]);
    expect(serve.code).not.toBe(0);
    chmodSync(join(`${dataDir}-keys`, 'kek.key'), 0o600);
  });

  it('refuses to start with a missing key file once keys exist, and creates nothing', async () => {
    const kek = join(`${dataDir}-keys`, 'kek.key');
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
