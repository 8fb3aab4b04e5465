/**
 * Field encryption over the real key hierarchy, on both engines: what someone holding the database
 * (or a SQL console) cannot read, and what a moved or edited ciphertext does.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { aesGcmEncrypt, encodeFields } from '../../src/crypto/aead.js';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import { rewrapUnderKek } from '../../src/modules/keys/kek-rotation.service.js';
import { wrapContext } from '../../src/modules/keys/key-ring.service.js';
import type { Database } from '../../src/db/schema.js';
import { declareEncryptedColumn } from '../../src/modules/keys/encrypted-columns.js';
import { eraseSubject } from '../../src/modules/keys/erasure.service.js';
import { describeEachEngine } from '../support/engines.js';
import { createTestKeys, type TestKeys } from '../support/keys.js';

declareEncryptedColumn({
  table: 'test_people',
  column: 'phone',
  purpose: 'customer_pii',
  rowIdColumn: 'id',
  subjectColumn: 'id',
});
declareEncryptedColumn({ table: 'test_people', column: 'note', purpose: 'payment_ref', rowIdColumn: 'id' });

/**
 * Every file holding the database's data: SQLite's file, WAL and shared memory; for PostgreSQL
 * (after a checkpoint) the database's folder and the server's WAL, read from its data directory.
 */
async function databaseFiles(db: Kysely<Database>, location: { sqlitePath?: string }): Promise<string[]> {
  if (location.sqlitePath !== undefined)
    return ['', '-wal', '-shm'].map((s) => `${location.sqlitePath ?? ''}${s}`).filter((f) => existsSync(f));
  await sql`checkpoint`.execute(db);
  const { rows } = await sql<{ dir: string; oid: number }>`
    select current_setting('data_directory') as dir, oid from pg_database where datname = current_database()`.execute(
    db,
  );
  const dir = rows[0]?.dir ?? '';
  const listed = (folder: string) =>
    readdirSync(folder, { recursive: true })
      .map((f) => join(folder, String(f)))
      .filter((f) => statSync(f).isFile());
  return [...listed(join(dir, 'base', String(rows[0]?.oid))), ...listed(join(dir, 'pg_wal'))];
}

const seeded = [
  '+919876501234',
  'Meenakshi Sundaram',
  'meenakshi.s@example.org',
  'Plot 7, Anna Nagar, Chennai',
];

describeEachEngine('field encryption', (getDb) => {
  let keys: TestKeys;
  beforeAll(async () => {
    const { db } = getDb();
    await sql`create table test_people (tenant_id text not null, id text not null, phone text, note text, phone_bidx text, primary key (tenant_id, id))`.execute(
      db,
    );
    keys = createTestKeys(db);
  });

  const ref = (tenantId: string, id: string, column = 'phone') => ({
    tenantId,
    table: 'test_people',
    column,
    rowId: id,
    subjectId: id,
  });

  it('stores only envelopes, and no seeded value is in the database files in clear (raw bytes)', async () => {
    const { db, location } = getDb();
    for (const [i, value] of seeded.entries()) {
      const id = `p${i}`;
      await db
        .insertInto('test_people' as never)
        .values({
          tenant_id: 't1',
          id,
          phone: await keys.cipher.encrypt('customer_pii', ref('t1', id), value),
          note: null,
        })
        .execute();
    }
    const { rows } = await sql<{
      phone: string;
    }>`select phone from test_people where tenant_id = 't1'`.execute(db);
    expect(rows.every((r) => r.phone.startsWith('tj1:s_'))).toBe(true);
    // The raw bytes on disk: the database files (and the write-ahead log) of either engine.
    const files = await databaseFiles(db, location);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const value of seeded)
        expect(bytes.includes(Buffer.from(value)), `${value} in ${file}`).toBe(false);
    }
    for (const [i, value] of seeded.entries()) {
      const row = rows[i];
      expect(await keys.cipher.decrypt(ref('t1', `p${i}`), row!.phone)).toBe(value);
    }
  });

  it('a ciphertext moved to another row, column or tenant fails with decryption_failed', async () => {
    const envelope = await keys.cipher.encrypt(
      'payment_ref',
      { tenantId: 't1', table: 'test_people', column: 'note', rowId: 'r1' },
      'UPI ref 4411',
    );
    const place = { tenantId: 't1', table: 'test_people', column: 'note', rowId: 'r1' };
    expect(await keys.cipher.decrypt(place, envelope)).toBe('UPI ref 4411');
    for (const moved of [
      { ...place, rowId: 'r2' },
      { ...place, column: 'phone' },
      { ...place, tenantId: 't2' },
    ]) {
      await expect(keys.cipher.decrypt(moved, envelope)).rejects.toMatchObject({ code: 'decryption_failed' });
    }
  });

  it('keeps tenants apart: each tenant has its own data keys', async () => {
    const a = await keys.keyRing.activeKey('tenant-a', 'payment_ref', 'payment_ref');
    const b = await keys.keyRing.activeKey('tenant-b', 'payment_ref', 'payment_ref');
    expect(a.key.equals(b.key)).toBe(false);
    expect(JSON.stringify(a)).not.toContain(a.key.toString('base64'));
    const { rows } = await sql<{
      wrapped: string;
    }>`select wrapped from data_keys where tenant_id = 'tenant-a'`.execute(getDb().db);
    expect(rows.every((r) => r.wrapped.startsWith('kw2:'))).toBe(true);
    expect(rows.some((r) => r.wrapped.includes(a.key.toString('base64url')))).toBe(false);
  });

  it('a wrong KEK cannot read anything, and says so clearly', async () => {
    const envelope = await keys.cipher.encrypt(
      'payment_ref',
      { tenantId: 't9', table: 'test_people', column: 'note', rowId: 'x' },
      'secret',
    );
    const intruder = createTestKeys(getDb().db, {
      provider: loadEnvKeyProvider(randomBytes(32).toString('base64')),
    });
    await expect(
      intruder.cipher.decrypt({ tenantId: 't9', table: 'test_people', column: 'note', rowId: 'x' }, envelope),
    ).rejects.toMatchObject({
      code: 'key_unavailable',
    });
  });

  it('after erasure no value of that person can be decrypted, in any column', async () => {
    const { db } = getDb();
    const id = 'erase-me';
    const phone = await keys.cipher.encrypt('customer_pii', ref('t1', id), '+919812345678');
    const name = await keys.cipher.encrypt('customer_pii', ref('t1', id, 'note'), 'Erased Person');
    await db
      .transaction()
      .execute((trx) =>
        eraseSubject(trx, keys.clock, { tenantId: 't1', subjectId: id, reason: 'dsr_erasure' }),
      );
    keys.cipher.forgetSubject('t1', id);
    const fresh = createTestKeys(db, { provider: keys.provider });
    await expect(fresh.cipher.decrypt(ref('t1', id), phone)).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    await expect(fresh.cipher.decrypt(ref('t1', id, 'note'), name)).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    // And nothing new can be encrypted for an erased person.
    await expect(fresh.cipher.encrypt('customer_pii', ref('t1', id), 'again')).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from erasure_tombstones where subject_id = ${id}`.execute(db);
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('blind indexes find a phone typed another way, and differ between tenants', async () => {
    const a = await keys.cipher.index('t1', 'phone', '98765 01234');
    const b = await keys.cipher.index('t1', 'phone', '+91-98765-01234');
    const other = await keys.cipher.index('t2', 'phone', '+919876501234');
    expect(a).toBe(b);
    expect(a).not.toBe(other);
    expect(await keys.cipher.index('t1', 'phone_last4', '+919876501234')).toBe(
      await keys.cipher.index('t1', 'phone_last4', '1234'),
    );
  });
});

describeEachEngine('domain-separated KEK: wrappings from earlier versions', (getDb) => {
  it('data keys wrapped directly under the KEK still open, and are moved under its wrap subkey', async () => {
    const { db } = getDb();
    await sql`create table if not exists test_people (tenant_id text not null, id text not null, phone text, note text, phone_bidx text, primary key (tenant_id, id))`.execute(
      db,
    );
    const kek = randomBytes(32);
    const provider = loadEnvKeyProvider(kek.toString('base64'));
    const tenantId = `legacy-${randomBytes(4).toString('hex')}`;
    const place = { tenantId, table: 'test_people', column: 'note', rowId: 'r1' };
    const envelope = await createTestKeys(db, { provider }).cipher.encrypt(
      'payment_ref',
      place,
      'UPI ref 9911',
    );
    // Rewrite the tenant's data keys as an earlier version stored them: AES-GCM under the KEK itself.
    const rows = await db.selectFrom('data_keys').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const context = wrapContext(row.tenant_id, row.key_id, row.version);
      const plain = await provider.unwrapKey(row.wrapped, context);
      const nonce = randomBytes(12);
      const { ciphertext, tag } = aesGcmEncrypt(
        kek,
        nonce,
        encodeFields(['tijori-dek-v1', provider.kekId, context]),
        plain,
      );
      const legacy = `kw1:${provider.kekId}:${nonce.toString('base64url')}:${Buffer.concat([ciphertext, tag]).toString('base64url')}`;
      await db
        .updateTable('data_keys')
        .set({ wrapped: legacy })
        .where('tenant_id', '=', row.tenant_id)
        .where('key_id', '=', row.key_id)
        .where('version', '=', row.version)
        .execute();
    }
    expect(await createTestKeys(db, { provider }).cipher.decrypt(place, envelope)).toBe('UPI ref 9911');
    expect(await rewrapUnderKek(db, [provider], provider)).toBeGreaterThanOrEqual(rows.length);
    const after = await db
      .selectFrom('data_keys')
      .select('wrapped')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(after.every((r) => r.wrapped.startsWith(`kw2:${provider.kekId}:`))).toBe(true);
    expect(await createTestKeys(db, { provider }).cipher.decrypt(place, envelope)).toBe('UPI ref 9911');
    // Done once: a second pass finds nothing of this tenant's to re-wrap.
    await rewrapUnderKek(db, [provider], provider);
    const again = await db
      .selectFrom('data_keys')
      .select('wrapped')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(again.map((r) => r.wrapped).sort()).toEqual(after.map((r) => r.wrapped).sort());
  });
});
