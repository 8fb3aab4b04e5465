/**
 * Field encryption inside an open transaction, on both engines: a new customer's key commits or
 * rolls back with the customer, nothing seen inside a transaction is cached, and on SQLite a query
 * through the root handle inside a transaction fails with a clear error instead of hanging.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { describeEachEngine } from '../support/engines.js';
import { createTestKeys } from '../support/keys.js';

const ref = (tenantId: string, id: string) => ({
  tenantId,
  table: 'customers',
  column: 'phone',
  rowId: id,
  subjectId: id,
});

describeEachEngine('field cipher inside transactions', (getDb) => {
  it('creates a new subject key inside the transaction, readable after commit', async () => {
    const { db } = getDb();
    const keys = createTestKeys(db);
    const envelope = await db
      .transaction()
      .execute((trx) => keys.cipher.encrypt('customer_pii', ref('t1', 'c-commit'), '+919800000001', trx));
    expect(await keys.cipher.decrypt(ref('t1', 'c-commit'), envelope)).toBe('+919800000001');
  });

  it('a rolled-back transaction takes the new key with it, and no instance cached it', async () => {
    const { db } = getDb();
    const keys = createTestKeys(db);
    let envelope = '';
    await expect(
      db.transaction().execute(async (trx) => {
        envelope = await keys.cipher.encrypt('customer_pii', ref('t2', 'c-rollback'), '+919800000002', trx);
        // Readable inside the transaction that created it.
        expect(await keys.cipher.decrypt(ref('t2', 'c-rollback'), envelope, trx)).toBe('+919800000002');
        throw new Error('checkout failed');
      }),
    ).rejects.toThrow('checkout failed');
    const stored = await db
      .selectFrom('subject_keys')
      .select('subject_id')
      .where('tenant_id', '=', 't2')
      .execute();
    expect(stored).toEqual([]);
    // Had the key been cached, this would still decrypt a value whose key no longer exists.
    await expect(keys.cipher.decrypt(ref('t2', 'c-rollback'), envelope)).rejects.toMatchObject({
      code: 'decryption_failed',
    });
  });

  it('blind indexes and tenant keys work inside a transaction too', async () => {
    const { db } = getDb();
    const keys = createTestKeys(db);
    const inside = await db.transaction().execute(async (trx) => {
      const index = await keys.cipher.index('t3', 'phone', '98000 00003', trx);
      const ref3 = { tenantId: 't3', table: 'payments', column: 'reference', rowId: 'p1' };
      const value = await keys.cipher.encrypt('payment_ref', ref3, 'UPI-77', trx);
      return { index, value, ref3 };
    });
    expect(await keys.cipher.index('t3', 'phone', '+919800000003')).toBe(inside.index);
    expect(await keys.cipher.decrypt(inside.ref3, inside.value)).toBe('UPI-77');
  });
});

it('SQLite: a query through the root handle inside a transaction fails clearly instead of hanging', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tijori-sqlite-wait-'));
  const handle = openDatabase({ sqlitePath: join(dir, 't.db'), sqliteConnectionWaitMs: 200 });
  try {
    await expect(
      handle.db.transaction().execute(async () => {
        await handle.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
      }),
    ).rejects.toThrow(/inside an open transaction/);
    // The connection is usable afterwards: the late acquisition gave it back.
    const row = await handle.db.selectNoFrom((eb) => eb.lit(1).as('one')).executeTakeFirst();
    expect(row).toEqual({ one: 1 });
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
