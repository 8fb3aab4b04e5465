/**
 * Issue 24, the first acceptance item: erasure reaches every backup. A shop (real CLI, real
 * services, SQLite) has two customers with seeded markers; a backup and a copy of the data folder
 * are taken; one customer is erased; the grace period (2 s here) is waited out and the
 * `erasure-epochs` work runs. Then, holding the pre-erasure backup, the copy of the data folder
 * (with the KEK and the backup key) and the key folder as it is now, nothing recovers the erased
 * customer's phone, name, address, key or index values: a raw scan finds no marker, decrypting
 * with every key the installation holds fails, and no index key it holds computes the person's
 * stored index values again (their index generation was destroyed, ADR 0033). The survivor still restores from the same old backup.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withRuntime } from '../../src/cli/runtime.js';
import { buildConfig } from '../../src/config/config.js';
import { decryptBackupFile } from '../../src/crypto/backup-crypto.js';
import { loadFileKeyProvider } from '../../src/crypto/file.key-provider.js';
import { openDatabase } from '../../src/db/database.js';
import { ManualClock } from '../../src/domain/clock.js';
import { operatorActor } from '../../src/kernel/actor.js';
import {
  ErasureEpochStore,
  epochOf,
  isEpochWrapped,
  unwrapUnderEpoch,
} from '../../src/modules/keys/erasure-epochs.js';
import { generationOfIndex } from '../../src/modules/keys/blind-lookup.js';
import { FieldCipherService, subjectKeyRef } from '../../src/modules/keys/field-cipher.service.js';
import { installationBackupKey, keyFolder } from '../../src/modules/keys/key-files.js';
import { KeyRing } from '../../src/modules/keys/key-ring.service.js';
import { initDemoShop, runTijori } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'tijori-erasure-backups-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const erased = {
  name: 'Zubeida Qureshi-Marker',
  phone: '+919812734561',
  address: { line1: 'MARKER-ADDR Lane 7731', city: 'Surat', pincode: '395003', stateCode: '24' },
};
const survivor = {
  name: 'Harpreet Survivor-Marker',
  phone: '+919876512340',
  address: { line1: 'KEPT-ADDR Road 4410', city: 'Surat', pincode: '395003', stateCode: '24' },
};
const markers = [
  erased.name,
  erased.phone,
  erased.phone.slice(3),
  erased.address.line1,
  survivor.name,
  survivor.address.line1,
];

/** Every file under a folder, as bytes. */
function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
  const out: Array<{ path: string; bytes: Buffer }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}

describe('erasure reaches every backup [sqlite]', () => {
  it('after the grace period a pre-erasure backup, a data-folder copy and every key cannot recover the person', async () => {
    const dataDir = join(root, 'shop');
    const config = buildConfig({ dataDir, httpOnly: true, erasureGraceSeconds: 2 });
    expect((await initDemoShop(dataDir)).code).toBe(0);

    const ids = await withRuntime(config, async ({ services, database }) => {
      const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      const actor = operatorActor(tenant.id);
      const a = await services.billing.customers.create(actor, { ...erased, creditLimitPaise: 0 });
      const b = await services.billing.customers.create(actor, { ...survivor, creditLimitPaise: 0 });
      return { tenantId: tenant.id, erasedId: a.id, survivorId: b.id };
    });

    // Taken before the erasure: an encrypted backup, and a plain copy of the whole data folder.
    const backup = join(root, 'before-erasure.tjb');
    const made = await runTijori(['backup', '--out', backup, '--data-dir', dataDir]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const dataCopy = join(root, 'data-folder-copy');
    cpSync(dataDir, dataCopy, { recursive: true });

    const before = await withRuntime(config, async ({ database }) =>
      database.db
        .selectFrom('customers')
        .select(['phone_idx', 'phone_last4_idx'])
        .where('id', '=', ids.erasedId)
        .executeTakeFirstOrThrow(),
    );
    expect(before.phone_idx).not.toBeNull();

    // The erasure, then the grace period, then the epochs job.
    await withRuntime(config, async ({ services }) => {
      await services.privacy.erasure.erase(operatorActor(ids.tenantId), {
        customerId: ids.erasedId,
        reason: 'dsr_erasure',
      });
      const early = await services.erasureEpochs.run();
      // Within the grace period the doomed epoch still exists; its survivors are carried already.
      expect(early.destroyed).toBe(0);
      expect(early.carried).toBeGreaterThan(0);
    });
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    await withRuntime(config, async ({ services }) => {
      expect((await services.erasureEpochs.run()).destroyed).toBe(1);
    });

    // The attacker's holdings: the old backup, the data-folder copy (KEK file, backup key), the key
    // folder as it is now. The KEK opens the backup key, which opens the backup.
    // The KEK is no longer in the data folder (issue 24, item 5); the attacker has it anyway.
    expect(existsSync(join(dataCopy, 'keys', 'kek.key'))).toBe(false);
    const kekPath = join(keyFolder(config), 'kek.key');
    const kek = loadFileKeyProvider(kekPath);
    const stolenConfig = buildConfig({ dataDir: dataCopy, keyDir: keyFolder(config) });
    const backupKey = await (await installationBackupKey(stolenConfig, kek)).privateKey();
    const plain = join(root, 'backup-plain.db');
    await decryptBackupFile(backup, plain, backupKey);
    // Neither the backup file nor its plaintext holds the KEK or the backup private key.
    const kekLines = readFileSync(kekPath, 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => l.length > 0);
    const secrets = [
      ...kekLines.flatMap((l) => [Buffer.from(l), Buffer.from(l, 'base64')]),
      Buffer.from(backupKey),
      Buffer.from(backupKey, 'base64url'),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const file of [backup, plain])
      for (const secret of secrets) expect(readFileSync(file).includes(secret), file).toBe(false);

    // Raw scan: no marker in clear in the backup's plaintext, the data-folder copy or the key folder.
    const scanned = [
      { path: plain, bytes: readFileSync(plain) },
      ...filesUnder(dataCopy),
      ...filesUnder(keyFolder(config)),
    ];
    for (const file of scanned)
      for (const marker of markers)
        expect(file.bytes.includes(Buffer.from(marker)), `${marker} in ${file.path}`).toBe(false);

    // Decrypt attempt on the old database with every key: the tenant key opens the outer wrapping,
    // but the epoch the person's key was under is gone from the key folder, and no live epoch opens it.
    const handle = openDatabase({ sqlitePath: plain });
    const clock = new ManualClock(new Date());
    const store = new ErasureEpochStore(keyFolder(config), kek, clock, 2_000);
    try {
      const ring = new KeyRing(handle.db, kek, clock);
      const cipher = new FieldCipherService(handle.db, ring, clock, undefined, store);
      const row = await handle.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', ids.erasedId)
        .executeTakeFirstOrThrow();
      // The old backup still holds the person's index values, but the index generation they were
      // computed under is destroyed: no key the installation holds computes them again, neither
      // the key folder's generations (every width) nor the backup's own index keys.
      expect(row.phone_idx).toBe(before.phone_idx);
      const generation = generationOfIndex(before.phone_idx ?? '') ?? -1;
      expect(generation).toBeGreaterThan(0);
      expect(store.indexGenerationDestroyed(ids.tenantId, generation)).toBe(true);
      await expect(store.indexSecret(ids.tenantId, generation)).rejects.toMatchObject({
        code: 'key_unavailable',
      });
      const phoneTerm = await cipher.searchTerm(ids.tenantId, 'phone', erased.phone);
      expect(phoneTerm.indexes.length).toBeGreaterThan(1);
      expect(phoneTerm.indexes).not.toContain(before.phone_idx);
      const last4Term = await cipher.searchTerm(ids.tenantId, 'phone_last4', erased.phone.slice(-4));
      expect(last4Term.indexes).not.toContain(before.phone_last4_idx);
      for (const held of store.indexedTenants())
        for (const g of Object.values(store.indexGenerations(held)))
          for (const bits of [0, 1, 2, 4, 8, 12, 16, 24, 32])
            expect(
              await cipher.contactIndex(ids.tenantId, 'phone', erased.phone, g.generation, bits),
            ).not.toBe(before.phone_idx);
      for (const column of ['name_enc', 'phone_enc', 'address_enc'] as const)
        await expect(
          cipher.decrypt(
            {
              tenantId: ids.tenantId,
              table: 'customers',
              column,
              rowId: ids.erasedId,
              subjectId: ids.erasedId,
            },
            row[column] ?? '',
          ),
        ).rejects.toMatchObject({ code: 'decryption_failed', details: { reason: 'erased' } });
      const keyRow = await handle.db
        .selectFrom('subject_keys')
        .select(['wrapped', 'key_epoch'])
        .where('tenant_id', '=', ids.tenantId)
        .where('subject_id', '=', ids.erasedId)
        .executeTakeFirstOrThrow();
      expect(keyRow.wrapped).not.toBeNull();
      const inner = await cipher.decrypt(subjectKeyRef(ids.tenantId, ids.erasedId), keyRow.wrapped ?? '');
      expect(isEpochWrapped(inner)).toBe(true);
      expect((await store.state(ids.tenantId, epochOf(inner))).state).toBe('destroyed');
      const epochFile = JSON.parse(readFileSync(store.path, 'utf8')) as {
        epochs: Array<{ tenantId: string; id: string }>;
      };
      for (const epoch of epochFile.epochs) {
        const state = await store.state(epoch.tenantId, epoch.id);
        if (state.state !== 'live') continue;
        expect(() => unwrapUnderEpoch(state.key, ids.tenantId, ids.erasedId, inner)).toThrow();
      }
    } finally {
      store.close();
      await handle.close();
    }

    // The same old backup restored: the survivor is back, the erased person stays erased.
    const restored = await runTijori(['restore', backup, '--data-dir', dataDir]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    await withRuntime(config, async ({ services, database }) => {
      const actor = operatorActor(ids.tenantId);
      const view = await services.billing.customers.findMatches(ids.tenantId, { phone: survivor.phone });
      expect(view.map((m) => m.row.id)).toEqual([ids.survivorId]);
      expect(await services.billing.customers.findMatches(ids.tenantId, { phone: erased.phone })).toEqual([]);
      const gone = await database.db
        .selectFrom('customers')
        .select(['phone_idx', 'phone_last4_idx'])
        .where('id', '=', ids.erasedId)
        .executeTakeFirstOrThrow();
      expect(gone).toEqual({ phone_idx: null, phone_last4_idx: null });
      void actor;
    });
  }, 180_000);

  it('an old backup restored into a data folder rebuilt from an old copy keeps the erasure (issue 19.7)', async () => {
    const dataDir = join(root, 'shop2');
    // A long grace period: the erased person's epoch still exists, only the key folder remembers.
    const config = buildConfig({ dataDir, httpOnly: true, erasureGraceSeconds: 3600 });
    expect((await initDemoShop(dataDir)).code).toBe(0);
    const ids = await withRuntime(config, async ({ services, database }) => {
      const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      const actor = operatorActor(tenant.id);
      const a = await services.billing.customers.create(actor, { ...erased, creditLimitPaise: 0 });
      const b = await services.billing.customers.create(actor, { ...survivor, creditLimitPaise: 0 });
      return { tenantId: tenant.id, erasedId: a.id, survivorId: b.id };
    });
    const backup = join(root, 'shop2-before.tjb');
    expect((await runTijori(['backup', '--out', backup, '--data-dir', dataDir])).code).toBe(0);
    const oldCopy = join(root, 'shop2-old-copy');
    cpSync(dataDir, oldCopy, { recursive: true });
    await withRuntime(config, async ({ services }) => {
      await services.privacy.erasure.erase(operatorActor(ids.tenantId), {
        customerId: ids.erasedId,
        reason: 'dsr_erasure',
      });
    });

    // The data folder is lost and rebuilt from the old copy (its journal knows no erasure).
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(oldCopy, dataDir, { recursive: true });
    expect(readFileSync(join(dataDir, 'keys', 'erasures.jsonl'), { flag: 'a+' }).toString()).not.toContain(
      ids.erasedId,
    );

    // Without the key folder the restore refuses, saying why, and leaves the database as it was.
    const keys = keyFolder(config);
    const aside = `${keys}-aside`;
    cpSync(keys, aside, { recursive: true });
    rmSync(keys, { recursive: true, force: true });
    // The KEK (kept in the key folder by default) survives; the epochs file is what is missing.
    mkdirSync(keys, { recursive: true, mode: 0o700 });
    cpSync(join(aside, 'kek.key'), join(keys, 'kek.key'));
    const refused = await runTijori(['restore', backup, '--data-dir', dataDir]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/erasure epoch that this key folder does not hold|TIJORI_KEY_DIR/);
    cpSync(aside, keys, { recursive: true });

    const restored = await runTijori(['restore', backup, '--data-dir', dataDir]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/re-applied [1-9][0-9]* erasure\(s\)/);
    await withRuntime(config, async ({ services, database }) => {
      expect(await services.billing.customers.findMatches(ids.tenantId, { phone: erased.phone })).toEqual([]);
      const found = await services.billing.customers.findMatches(ids.tenantId, { phone: survivor.phone });
      expect(found.map((m) => m.row.id)).toEqual([ids.survivorId]);
      const row = await database.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', ids.erasedId)
        .executeTakeFirstOrThrow();
      expect(row.phone_idx).toBeNull();
      await expect(
        services.fieldCipher.decrypt(
          {
            tenantId: ids.tenantId,
            table: 'customers',
            column: 'name_enc',
            rowId: ids.erasedId,
            subjectId: ids.erasedId,
          },
          row.name_enc,
        ),
      ).rejects.toMatchObject({ code: 'decryption_failed', details: { reason: 'erased' } });
    });
  }, 180_000);
});
