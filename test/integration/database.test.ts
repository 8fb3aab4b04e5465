import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { pendingMigrations } from '../../src/db/migrate.js';
import { describeEachEngine } from '../support/engines.js';
import { createStore, createTenant, createUser } from '../support/factories.js';

describeEachEngine('database foundation', (getDb, engine) => {
  it('applies every migration', async () => {
    expect(await pendingMigrations(getDb())).toEqual([]);
  });

  it('creates tenants, stores, counters and users through the factories', async () => {
    const { db } = getDb();
    const { tenantId, storeId } = await createTenant(db);
    await createStore(db, tenantId, { gstin: '27AAQCA8719H1Z6', stateCode: '27' });
    await createUser(db, tenantId);
    const stores = await db.selectFrom('stores').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(stores.map((s) => s.state_code).sort()).toEqual(['24', '27']);
    expect(stores.some((s) => s.id === storeId)).toBe(true);
  });

  it('enforces foreign keys', async () => {
    const { db } = getDb();
    await expect(
      db
        .insertInto('counters')
        .values({
          tenant_id: 'nope',
          id: 'c',
          store_id: 'missing',
          name: 'x',
          created_at: new Date().toISOString(),
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('returns 64-bit integers as numbers', async () => {
    const { db } = getDb();
    const big =
      engine === 'postgres'
        ? sql<{ n: number }>`select cast(9007199254740 as bigint) as n`
        : sql<{ n: number }>`select 9007199254740 as n`;
    const { rows } = await big.execute(db);
    expect(rows[0]?.n).toBe(9007199254740);
  });

  it(`runs on ${engine} with its safety settings`, async () => {
    const { db } = getDb();
    if (engine === 'sqlite') {
      const { rows: journal } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      const { rows: fk } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
      expect(journal[0]?.journal_mode).toBe('wal');
      expect(fk[0]?.foreign_keys).toBe(1);
    } else {
      const { rows } = await sql<{ v: string }>`show server_version`.execute(db);
      expect(rows.length).toBe(1);
    }
  });
});
