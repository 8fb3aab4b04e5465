/**
 * Erasure epochs on both engines (ADR 0024): customer keys made by the previous version (no epoch)
 * are adopted under an epoch and stay readable; an erasure dooms the epoch, survivors are carried
 * and stay readable, the epoch is destroyed only after the grace period and only once no survivor
 * is left under it; a rolled-back erasure never marks anyone erased.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { systemActor } from '../../src/kernel/audit.js';
import { declareEncryptedColumn } from '../../src/modules/keys/encrypted-columns.js';
import { EpochShredder } from '../../src/modules/keys/epoch-shredder.js';
import { ErasureEpochStore } from '../../src/modules/keys/erasure-epochs.js';
import { ErasureService } from '../../src/modules/keys/erasure.service.js';
import { FieldCipherService } from '../../src/modules/keys/field-cipher.service.js';
import { captureAudit } from '../support/audit-capture.js';
import { describeEachEngine } from '../support/engines.js';
import { createTestKeys } from '../support/keys.js';

declareEncryptedColumn({
  table: 'epoch_people',
  column: 'phone',
  purpose: 'customer_pii',
  rowIdColumn: 'id',
  subjectColumn: 'id',
});

const root = mkdtempSync(join(tmpdir(), 'tijori-epochs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeEachEngine('erasure epochs', (getDb, engine) => {
  it('adopts keys of the previous version, carries survivors, destroys only after the grace period', async () => {
    const { db } = getDb();
    const clock = new ManualClock(new Date('2026-12-01T00:00:00Z'));
    const legacy = createTestKeys(db, { clock });
    await sql`create table if not exists epoch_people (tenant_id text not null, id text not null, phone text not null, primary key (tenant_id, id))`.execute(
      db,
    );
    const tenant = `t-${engine}-${String(Date.now())}`;
    const ref = (id: string) => ({
      tenantId: tenant,
      table: 'epoch_people',
      column: 'phone',
      rowId: id,
      subjectId: id,
    });
    const phones: Record<string, string> = { a: '+919845000001', b: '+919845000002', c: '+919845000003' };
    const envelopes: Record<string, string> = {};
    // Written by the previous version: customer keys with no epoch.
    for (const id of ['a', 'b'])
      envelopes[id] = await legacy.cipher.encrypt('customer_pii', ref(id), phones[id] ?? '');

    const store = new ErasureEpochStore(join(root, `keys-${engine}`), legacy.provider, clock, 60_000);
    const cipher = new FieldCipherService(db, legacy.keyRing, clock, undefined, store);
    const shredder = new EpochShredder(db, cipher, store, clock);
    expect((await shredder.run()).adopted).toBe(2);
    envelopes.c = await cipher.encrypt('customer_pii', ref('c'), phones.c ?? '');
    for (const id of ['a', 'b', 'c']) {
      const fresh = new FieldCipherService(db, legacy.keyRing, clock, undefined, store);
      expect(await fresh.decrypt(ref(id), envelopes[id] ?? '')).toBe(phones[id]);
    }
    const epochs = await db
      .selectFrom('subject_keys')
      .select(['subject_id', 'key_epoch'])
      .where('tenant_id', '=', tenant)
      .orderBy('subject_id')
      .execute();
    expect(new Set(epochs.map((e) => e.key_epoch)).size).toBe(1);
    expect(epochs.every((e) => e.key_epoch !== null)).toBe(true);

    const audit = captureAudit();
    const erasure = new ErasureService(db, clock, cipher, audit.recorder, undefined, store);
    const ctx = { tenantId: tenant, actor: systemActor('privacy') };
    // A rolled-back erasure dooms at most; it never records anyone as erased.
    await expect(
      db.transaction().execute(async (trx) => {
        await erasure.eraseWithin(trx, ctx, { subjectId: 'c', reason: 'dsr_erasure' });
        throw new Error('failed later');
      }),
    ).rejects.toThrow(/failed later/);
    expect(store.erasedIn(tenant, epochs[0]?.key_epoch ?? '')).toEqual([]);

    await erasure.erase(ctx, { subjectId: 'a', reason: 'dsr_erasure' });
    expect(store.erasedIn(tenant, epochs[0]?.key_epoch ?? '')).toEqual(['a']);
    const early = await shredder.run();
    expect(early).toMatchObject({ carried: 2, destroyed: 0 });
    clock.advance(59_000);
    expect((await shredder.run()).destroyed).toBe(0);
    clock.advance(2_000);
    expect((await shredder.run()).destroyed).toBe(1);
    expect((await store.state(tenant, epochs[0]?.key_epoch ?? '')).state).toBe('destroyed');
    const file = readFileSync(store.path, 'utf8');
    expect(file).not.toContain('"a":');

    const after = new FieldCipherService(db, legacy.keyRing, clock, undefined, store);
    await expect(after.decrypt(ref('a'), envelopes.a ?? '')).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    expect(await after.decrypt(ref('b'), envelopes.b ?? '')).toBe(phones.b);
    expect(await after.decrypt(ref('c'), envelopes.c ?? '')).toBe(phones.c);
    store.close();
  });
});

// A database of its own: the keys made here are under another KEK than the test above's.
describeEachEngine('decrypt checks the subject', (getDb, engine) => {
  it("decrypt refuses a value under another person's key, before unwrapping anything", async () => {
    const { db } = getDb();
    const keys = createTestKeys(db);
    const ref = (subjectId: string) => ({
      tenantId: `s-${engine}`,
      table: 'epoch_people',
      column: 'phone',
      rowId: 'row-1',
      subjectId,
    });
    const envelope = await keys.cipher.encrypt('customer_pii', ref('p1'), '+919845000009');
    expect(await keys.cipher.decrypt(ref('p1'), envelope)).toBe('+919845000009');
    await expect(keys.cipher.decrypt(ref('p2'), envelope)).rejects.toMatchObject({
      code: 'decryption_failed',
      details: { reason: 'wrong_subject' },
    });
  });
});
