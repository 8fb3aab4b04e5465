/**
 * The data inventory against the live database on both engines: every column of every table is
 * classified, encryption agrees with the declared encrypted columns, and a column added without a
 * classification is caught by name.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import '../../src/services.js';
import {
  checkInventory,
  inventoryComplete,
  readCatalog,
} from '../../src/modules/privacy/inventory.service.js';
import { describeEachEngine } from '../support/engines.js';

describeEachEngine('data inventory', (getDb, engine) => {
  it('classifies every column of every table, and agrees with the declared encrypted columns', async () => {
    const problems = checkInventory(await readCatalog(getDb().db, engine));
    expect(problems).toEqual({ unclassified: [], missing: [], encryptionMismatch: [], badLinks: [] });
    expect(inventoryComplete(problems)).toBe(true);
  });

  it('fails, naming the column, when a column is added without a classification', async () => {
    const { db } = getDb();
    await sql`alter table customers add column nickname text`.execute(db);
    await sql`create table loyalty_cards (tenant_id text not null, id text not null, points integer)`.execute(
      db,
    );
    const problems = checkInventory(await readCatalog(db, engine));
    expect(problems.unclassified).toEqual([
      'customers.nickname',
      'loyalty_cards.tenant_id',
      'loyalty_cards.id',
      'loyalty_cards.points',
    ]);
    expect(inventoryComplete(problems)).toBe(false);
  });
});
