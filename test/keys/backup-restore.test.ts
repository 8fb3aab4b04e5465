/**
 * Encrypted backups on both engines: the file holds no personal value in clear, a restore verifies
 * first, and an erasure made after the backup was taken is re-applied when it is restored.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildConfig, type Config } from '../../src/config/config.js';
import { createKeyFile, loadFileKeyProvider } from '../../src/crypto/file.key-provider.js';
import { openDatabase } from '../../src/db/database.js';
import { createBackup, restoreBackup } from '../../src/modules/keys/backup.service.js';
import { erasureJournalPath, installationBackupKey } from '../../src/modules/keys/key-files.js';
import { decryptBackupFile, encryptBackupFile } from '../../src/crypto/backup-crypto.js';
import { createSigner, generateSigningKeyPair } from '../../src/crypto/signing.js';
import { systemActor } from '../../src/kernel/audit.js';
import { ErasureService } from '../../src/modules/keys/erasure.service.js';
import { listEntries } from '../../src/modules/audit/audit.repository.js';
import { INSTALLATION_CHAIN } from '../../src/kernel/audit.js';
import { verifyChain } from '../../src/modules/audit/audit-verify.js';
import { loadInstallationSigner } from '../../src/modules/keys/installation-keys.js';
import { describeEachEngine } from '../support/engines.js';
import { captureAudit } from '../support/audit-capture.js';
import { createTestKeys } from '../support/keys.js';

const people = [
  { id: 'p1', phone: '+919845011111', name: 'Lakshmi Narayanan' },
  { id: 'p2', phone: '+919845022222', name: 'Gurpreet Kaur' },
];

describeEachEngine('encrypted backup and restore', (getDb, engine) => {
  let config: Config;
  let work: string;
  beforeAll(() => {
    const { location } = getDb();
    work = mkdtempSync(join(tmpdir(), 'tijori-backup-'));
    const dataDir = location.sqlitePath !== undefined ? dirname(location.sqlitePath) : join(work, 'data');
    config = buildConfig({
      dataDir,
      ...(location.url === undefined ? {} : { databaseUrl: location.url }),
      kekFile: join(work, 'kek.key'),
    });
    createKeyFile(join(work, 'kek.key'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('backs up, erases, restores the older backup, and the erasure still holds', async () => {
    const provider = loadFileKeyProvider(join(work, 'kek.key'));
    const { db } = getDb();
    const keys = createTestKeys(db, { provider });
    await sql`create table if not exists bk_people (tenant_id text not null, id text not null, phone text not null, name text not null, primary key (tenant_id, id))`.execute(
      db,
    );
    const envelopes = new Map<string, { phone: string; name: string }>();
    for (const p of people) {
      const ref = (column: string) => ({
        tenantId: 't1',
        table: 'bk_people',
        column,
        rowId: p.id,
        subjectId: p.id,
      });
      const row = {
        phone: await keys.cipher.encrypt('customer_pii', ref('phone'), p.phone),
        name: await keys.cipher.encrypt('customer_pii', ref('name'), p.name),
      };
      envelopes.set(p.id, row);
      await db
        .insertInto('bk_people' as never)
        .values({ tenant_id: 't1', id: p.id, ...row })
        .execute();
    }

    const out = join(work, `backup-${engine}.tjb`);
    const stages = new Set<string>();
    const result = await createBackup(config, getDb(), provider, out, {
      onProgress: (stage) => stages.add(stage),
    });
    expect(result.format).toBe(engine === 'sqlite' ? 'sqlite-file' : 'jsonl');
    expect(stages).toEqual(new Set(['snapshot', 'encrypt']));
    const bytes = readFileSync(out);
    for (const p of people) {
      expect(bytes.includes(Buffer.from(p.phone))).toBe(false);
      expect(bytes.includes(Buffer.from(p.name))).toBe(false);
    }

    // p1 asks to be erased after the backup was taken.
    const audit = captureAudit();
    const erasure = new ErasureService(
      db,
      keys.clock,
      keys.cipher,
      audit.recorder,
      erasureJournalPath(config),
    );
    await erasure.erase(
      { tenantId: 't1', actor: systemActor('privacy') },
      { subjectId: 'p1', reason: 'dsr_erasure' },
    );
    expect(audit.events).toMatchObject([
      { action: 'key.subject.erase', objectId: 'p1', details: { reason: 'dsr_erasure' } },
    ]);

    const restored = await restoreBackup(config, out, provider, { onProgress: (stage) => stages.add(stage) });
    expect(restored.tombstonesApplied).toBe(1);
    expect(stages.has('verify')).toBe(true);

    const after = openDatabase({
      ...(config.databaseUrl === undefined
        ? { sqlitePath: join(config.dataDir, 'tijori.db') }
        : { url: config.databaseUrl }),
    });
    try {
      const fresh = createTestKeys(after.db, { provider });
      const ref = (id: string, column: string) => ({
        tenantId: 't1',
        table: 'bk_people',
        column,
        rowId: id,
        subjectId: id,
      });
      await expect(
        fresh.cipher.decrypt(ref('p1', 'phone'), envelopes.get('p1')!.phone),
      ).rejects.toMatchObject({ code: 'decryption_failed' });
      await expect(fresh.cipher.decrypt(ref('p1', 'name'), envelopes.get('p1')!.name)).rejects.toMatchObject({
        code: 'decryption_failed',
      });
      expect(await fresh.cipher.decrypt(ref('p2', 'phone'), envelopes.get('p2')!.phone)).toBe(
        '+919845022222',
      );
      // The audit chains came back whole (their triggers off only while the rows were loaded), and
      // the restore is on record in the installation chain (the backup's own record came after
      // its snapshot, so the restored trail ends before it).
      const signer = await loadInstallationSigner(after.db, provider, keys.clock);
      for (const tenantId of ['t1', INSTALLATION_CHAIN]) {
        const verified = await verifyChain(after.db, tenantId, signer);
        expect(verified.problems, tenantId).toEqual([]);
      }
      const installation = await listEntries(after.db, INSTALLATION_CHAIN, { actionPrefix: 'key.' }, 10);
      expect(installation.map((e) => e.action)).toContain('key.restore');
    } finally {
      await after.close();
      await provider.close();
    }
  });

  it('refuses a damaged backup without touching the database', async () => {
    const provider = loadFileKeyProvider(join(work, 'kek.key'));
    const damaged = join(work, 'damaged.tjb');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(damaged, readFileSync(join(work, `backup-${engine}.tjb`)).subarray(0, 500));
    await expect(restoreBackup(config, damaged, provider)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await provider.close();
  });

  it('refuses a forged backup: right recipient key, but unsigned or signed by a stranger', async () => {
    const provider = loadFileKeyProvider(join(work, 'kek.key'));
    try {
      const genuine = join(work, `backup-${engine}.tjb`);
      const backupKey = await installationBackupKey(config, provider);
      // The forger knows only the public recipient key; here the content is a real snapshot, so the
      // file would restore if the signature were not checked.
      const plain = join(work, `forged-plain-${engine}`);
      const header = await decryptBackupFile(genuine, plain, await backupKey.privateKey());
      expect(header.signer).toMatch(/^[0-9a-f]{16}$/);
      const unsigned = join(work, `forged-unsigned-${engine}.tjb`);
      await encryptBackupFile(plain, unsigned, backupKey.publicKey, header.meta);
      await expect(restoreBackup(config, unsigned, provider)).rejects.toThrow(
        /not signed by a key this installation trusts/,
      );
      const stranger = createSigner(generateSigningKeyPair());
      const strangerSigned = join(work, `forged-signed-${engine}.tjb`);
      await encryptBackupFile(plain, strangerSigned, backupKey.publicKey, header.meta, undefined, stranger);
      await expect(restoreBackup(config, strangerSigned, provider)).rejects.toThrow(
        /not signed by a key this installation trusts/,
      );
      // One byte changed anywhere in a genuine file breaks its signature.
      const bytes = readFileSync(genuine);
      bytes[bytes.length - 200] = (bytes[bytes.length - 200] ?? 0) ^ 1;
      const flipped = join(work, `flipped-${engine}.tjb`);
      writeFileSync(flipped, bytes);
      await expect(restoreBackup(config, flipped, provider)).rejects.toMatchObject({
        code: 'validation_failed',
      });
      // The operator may trust the stranger's key explicitly (a backup made on another machine).
      const trusted = await restoreBackup(config, strangerSigned, provider, {
        trustSigners: [stranger.publicKeyPem],
      });
      expect(trusted.header.meta.backupId).toBe(header.meta.backupId);
    } finally {
      await provider.close();
    }
  });

  it('bounds every length in the header before authenticating it', async () => {
    const provider = loadFileKeyProvider(join(work, 'kek.key'));
    try {
      const genuine = readFileSync(join(work, `backup-${engine}.tjb`));
      const text = genuine.toString('latin1');
      const end = text.indexOf('\n', 16);
      const header = JSON.parse(text.slice(16, end)) as Record<string, unknown>;
      for (const change of [
        { chunk: 0xffffffff },
        { chunk: 2 ** 40 },
        { meta: { x: 'y'.repeat(100_000) } },
      ]) {
        const forged = join(work, `bounds-${engine}.tjb`);
        writeFileSync(
          forged,
          Buffer.concat([
            Buffer.from(text.slice(0, 16), 'latin1'),
            Buffer.from(`${JSON.stringify({ ...header, ...change })}\n`),
            genuine.subarray(end + 1),
          ]),
        );
        await expect(restoreBackup(config, forged, provider)).rejects.toMatchObject({
          code: 'validation_failed',
        });
      }
    } finally {
      await provider.close();
    }
  });
});
