/**
 * Online rotation: new writes use the new key at once, a background re-encryption moves every
 * value over without losing or corrupting any under concurrent writes, and a rotation killed
 * halfway resumes and completes. Old versions retire only when nothing uses them. A KEK rotation
 * re-wraps keys only.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadEnvKeyProvider, successorEnvKek } from '../../src/crypto/env.key-provider.js';
import { loadInstallationSigner } from '../../src/modules/keys/installation-keys.js';
import { rewrapUnderKek, verifyKek } from '../../src/modules/keys/kek-rotation.service.js';
import { beforeAll, expect, it } from 'vitest';
import { declareEncryptedColumn } from '../../src/modules/keys/encrypted-columns.js';
import { ManualClock } from '../../src/domain/clock.js';
import { describeEachEngine } from '../support/engines.js';
import { createTestKeys, type TestKeys } from '../support/keys.js';

declareEncryptedColumn({
  table: 'test_payments',
  column: 'reference',
  purpose: 'payment_ref',
  rowIdColumn: 'id',
});

const place = (tenantId: string, id: string) => ({
  tenantId,
  table: 'test_payments',
  column: 'reference',
  rowId: id,
});
const pad = (n: number) => String(n).padStart(6, '0');

describeEachEngine('key rotation', (getDb) => {
  let keys: TestKeys;
  let clock: ManualClock;
  const kek = randomBytes(32).toString('base64');

  beforeAll(async () => {
    const { db } = getDb();
    await sql`create table test_payments (tenant_id text not null, id text not null, reference text not null, primary key (tenant_id, id))`.execute(
      db,
    );
    clock = new ManualClock(new Date());
    keys = createTestKeys(db, { clock, provider: loadEnvKeyProvider(kek), ring: { activeKeyTtlMs: 60_000 } });
  });

  async function insert(tenantId: string, id: string, value: string): Promise<void> {
    await getDb()
      .db.insertInto('test_payments' as never)
      .values({
        tenant_id: tenantId,
        id,
        reference: await keys.cipher.encrypt('payment_ref', place(tenantId, id), value),
      })
      .execute();
  }

  async function versions(tenantId: string): Promise<Map<string, number>> {
    const { rows } = await sql<{
      reference: string;
    }>`select reference from test_payments where tenant_id = ${tenantId}`.execute(getDb().db);
    const counts = new Map<string, number>();
    for (const r of rows) {
      const v = r.reference.split(':')[2] ?? '?';
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return counts;
  }

  async function expectAllReadable(tenantId: string, expected: Map<string, string>): Promise<void> {
    const { rows } = await sql<{
      id: string;
      reference: string;
    }>`select id, reference from test_payments where tenant_id = ${tenantId}`.execute(getDb().db);
    expect(rows.length).toBe(expected.size);
    for (const row of rows)
      expect(await keys.cipher.decrypt(place(tenantId, row.id), row.reference)).toBe(expected.get(row.id));
  }

  it('under concurrent writes loses no row and leaves none undecryptable', async () => {
    const expected = new Map<string, string>();
    for (let i = 0; i < 600; i += 1) {
      expected.set(`a${pad(i)}`, `UPI-${i}`);
      await insert('t1', `a${pad(i)}`, `UPI-${i}`);
    }
    const started = await keys.rotation.start('t1', 'payment_ref');
    expect(started).toMatchObject({ fromVersion: 1, toVersion: 2, rowsTotal: 600, status: 'running' });

    // Writers keep inserting and updating while the rotation runs in small batches.
    let writerDone = false;
    const writer = (async () => {
      for (let i = 0; i < 150; i += 1) {
        const id = `b${pad(i)}`;
        expected.set(id, `CARD-REF-${i}`);
        await insert('t1', id, `CARD-REF-${i}`);
        const updated = `a${pad(i * 3)}`;
        const value = `UPI-UPDATED-${i}`;
        const envelope = await keys.cipher.encrypt('payment_ref', place('t1', updated), value);
        await getDb()
          .db.updateTable('test_payments' as never)
          .set({ reference: envelope } as never)
          .where('id' as never, '=', updated as never)
          .execute();
        expected.set(updated, value);
      }
      writerDone = true;
    })();
    for (let batches = 0; ; batches += 1) {
      const wasDone = writerDone;
      const finished = await keys.rotation.runBatch('t1', started.id, 50);
      if (finished) break;
      // Once writers stop, let the old key's cache lifetime pass so the rotation may finish.
      if (wasDone) clock.advance(61_000);
      if (batches > 1000) throw new Error('rotation did not finish');
    }
    await writer;
    expect(writerDone).toBe(true);
    await expectAllReadable('t1', expected);
    expect(await versions('t1')).toEqual(new Map([['2', expected.size]]));
    const progress = await keys.rotation.progress('t1', started.id);
    expect(progress.status).toBe('completed');
    const { rows } = await sql<{
      version: number;
      status: string;
    }>`select version, status from data_keys where tenant_id = 't1' and key_id = 'payment_ref' order by version`.execute(
      getDb().db,
    );
    expect(rows.map((r) => [Number(r.version), r.status])).toEqual([
      [1, 'retired'],
      [2, 'active'],
    ]);
  });

  it('a retired version refuses to decrypt (minimum decryption version)', async () => {
    for (let i = 0; i < 5; i += 1) await insert('t4', `e${pad(i)}`, `OLD-${i}`);
    const started = await keys.rotation.start('t4', 'payment_ref');
    clock.advance(61_000);
    expect(await keys.rotation.runToCompletion('t4', started.id)).toMatchObject({ status: 'completed' });
    const old = await sql<{
      reference: string;
    }>`select reference from test_payments where tenant_id = 't4' and id = 'e000000'`.execute(getDb().db);
    const envelope = old.rows[0]!.reference.replace(/^tj1:payment_ref:2:/, 'tj1:payment_ref:1:');
    expect(envelope).toMatch(/^tj1:payment_ref:1:/);
    const fresh = createTestKeys(getDb().db, { provider: keys.provider });
    await expect(fresh.cipher.decrypt(place('t4', 'e000000'), envelope)).rejects.toMatchObject({
      code: 'decryption_failed',
    });
  });

  it('does not retire the old version while another instance may still write with it', async () => {
    for (let i = 0; i < 20; i += 1) await insert('t2', `c${pad(i)}`, `REF-${i}`);
    const started = await keys.rotation.start('t2', 'payment_ref');
    expect(await keys.rotation.runBatch('t2', started.id, 100)).toBe(false);
    expect((await keys.rotation.progress('t2', started.id)).status).toBe('running');
    clock.advance(61_000);
    expect(await keys.rotation.runBatch('t2', started.id, 100)).toBe(true);
  });

  it('a rotation stopped halfway resumes where it left off and completes', async () => {
    const expected = new Map<string, string>();
    for (let i = 0; i < 300; i += 1) {
      expected.set(`d${pad(i)}`, `R-${i}`);
      await insert('t3', `d${pad(i)}`, `R-${i}`);
    }
    const started = await keys.rotation.start('t3', 'payment_ref');
    // Two batches, then the process "dies": nothing but the database survives.
    await keys.rotation.runBatch('t3', started.id, 100);
    await keys.rotation.runBatch('t3', started.id, 100);
    const mid = await keys.rotation.progress('t3', started.id);
    expect(mid.rowsDone).toBe(200);
    expect(await versions('t3')).toEqual(
      new Map([
        ['1', 100],
        ['2', 200],
      ]),
    );

    const restarted = createTestKeys(getDb().db, {
      provider: keys.provider,
      clock,
      ring: { activeKeyTtlMs: 60_000 },
    });
    const running = await restarted.rotation.running();
    expect(running.map((r) => r.id)).toContain(started.id);
    clock.advance(61_000);
    const done = await restarted.rotation.runToCompletion('t3', started.id, { batchSize: 100 });
    expect(done).toMatchObject({ status: 'completed', rowsDone: 300, rowsTotal: 300 });
    keys = restarted;
    await expectAllReadable('t3', expected);
  });

  it('re-wrapping under a new KEK keeps data and signatures; the new KEK derives new secrets', async () => {
    const { db } = getDb();
    for (let i = 0; i < 10; i += 1) await insert('t5', `k${pad(i)}`, `R-${i}`);
    const signer = await loadInstallationSigner(db, keys.provider, clock);
    const next = loadEnvKeyProvider(successorEnvKek(kek, randomBytes(32).toString('base64')));
    const before = await sql<{
      reference: string;
    }>`select reference from test_payments where tenant_id = 't5' order by id`.execute(db);
    const count = await rewrapUnderKek(db, [keys.provider], next);
    const keyRows = await sql<{ n: number }>`select count(*) as n from data_keys`.execute(db);
    expect(count).toBe(Number(keyRows.rows[0]?.n) + 1);
    expect(await rewrapUnderKek(db, [keys.provider], next)).toBe(0);
    const after = await sql<{
      reference: string;
    }>`select reference from test_payments where tenant_id = 't5' order by id`.execute(db);
    expect(after.rows).toEqual(before.rows);
    const withNewKek = createTestKeys(db, { provider: next });
    expect(await withNewKek.cipher.decrypt(place('t5', 'k000007'), after.rows[7]!.reference)).toBe('R-7');
    expect((await loadInstallationSigner(db, next, clock)).keyId).toBe(signer.keyId);
    expect(
      (await next.deriveSecret('password-pepper')).equals(
        await keys.provider.deriveSecret('password-pepper'),
      ),
    ).toBe(false);
    const withOldKek = createTestKeys(db, { provider: keys.provider });
    await expect(
      withOldKek.cipher.decrypt(place('t5', 'k000007'), after.rows[7]!.reference),
    ).rejects.toMatchObject({ code: 'key_unavailable' });
    await expect(verifyKek(db, keys.provider)).rejects.toMatchObject({ code: 'key_unavailable' });
    await verifyKek(db, next);
    // Back under the suite's KEK, so the other tests (in any order) keep their keys.
    await rewrapUnderKek(db, [next], keys.provider);
    await verifyKek(db, keys.provider);
  });

  it('a key whose KEK is not at hand stops the re-wrap with nothing written', async () => {
    const { db } = getDb();
    await insert('t6', 'f000000', 'A key to re-wrap');
    const stranger = loadEnvKeyProvider(randomBytes(32).toString('base64'));
    const before = await sql<{
      wrapped: string;
    }>`select wrapped from data_keys order by tenant_id, key_id, version`.execute(db);
    // The keys are wrapped under the suite's KEK; the only source offered is a stranger's.
    const target = loadEnvKeyProvider(randomBytes(32).toString('base64'));
    await expect(rewrapUnderKek(db, [stranger], target)).rejects.toThrow(/not available/);
    const after = await sql<{
      wrapped: string;
    }>`select wrapped from data_keys order by tenant_id, key_id, version`.execute(db);
    expect(after.rows).toEqual(before.rows);
  });
});
