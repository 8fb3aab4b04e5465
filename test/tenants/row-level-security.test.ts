/**
 * Row-level security on PostgreSQL (issue 20, Deliver 2; ADR 0055, 0064). Read from the catalog:
 * every table with a `tenant_id` column (and the `tenants` registry) has the `tenant_isolation`
 * policy with row security on. Through the application role (`tijori_app`, which tenant work
 * runs as) a query without the transaction-local `tijori.tenant` setting returns no row of any
 * tenant table and cannot insert into any, and with it only that tenant's rows, and cannot write
 * another tenant's row. Work in `asTenant` runs as that role with the setting; the setting ends
 * with its transaction. A tenant table created without the policy is named by the check, and the
 * installer (run after every migration) covers it.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import {
  INSTALLATION_SHARED_TABLES,
  installTenantPolicies,
  tablesWithoutTenantPolicy,
} from '../../src/db/tenant-policies.js';
import { APPLICATION_ROLE, asSystem, asTenant } from '../../src/db/tenant-scope.js';
import { createMigratedDatabase, type TestDatabase } from '../support/engines.js';
import { createTenant, createUser } from '../support/factories.js';
import { selectedEngines } from '../support/test-env.js';

describe.runIf(selectedEngines().includes('postgres'))('row-level security [postgres]', () => {
  let handle: TestDatabase;
  const role = `tijori_app_probe_${randomBytes(4).toString('hex')}`;
  const app = APPLICATION_ROLE;
  let tenantA = '';
  let tenantB = '';
  let tables: string[] = [];

  beforeAll(async () => {
    handle = await createMigratedDatabase('postgres');
    const db = handle.db;
    tenantA = (await createTenant(db, { name: 'Asha Fashions' })).tenantId;
    tenantB = (await createTenant(db, { name: 'Bharat Agro' })).tenantId;
    for (const tenant of [tenantA, tenantB]) await createUser(db, tenant, { roles: [{ role: 'owner' }] });
    await sql`create role ${sql.id(role)} nologin nobypassrls`.execute(db);
    await sql`grant usage on schema public to ${sql.id(role)}`.execute(db);
    await sql`grant select, insert, update, delete on all tables in schema public to ${sql.id(role)}`.execute(
      db,
    );
    const rows = await sql<{ table_name: string }>`
      select distinct table_name from information_schema.columns
      where table_schema = current_schema() and column_name = 'tenant_id' order by table_name`.execute(db);
    tables = rows.rows.map((r) => r.table_name);
  }, 120_000);
  afterAll(async () => {
    await sql`drop owned by ${sql.id(role)}`.execute(handle.db);
    await sql`drop role ${sql.id(role)}`.execute(handle.db);
    await handle.close();
  });

  /** Runs `body` in a transaction as a restricted role, with the tenant setting when given. */
  function asApplication<T>(
    tenant: string | null,
    body: (trx: Kysely<Database>) => Promise<T>,
    as = role,
  ): Promise<T> {
    return handle.db.transaction().execute(async (trx) => {
      await sql`set local role ${sql.id(as)}`.execute(trx);
      if (tenant !== null) await sql`select set_config('tijori.tenant', ${tenant}, true)`.execute(trx);
      return body(trx);
    });
  }

  /** The businesses with rows in a table (the installation's own key rows are not a business's). */
  const tenantsIn = async (db: Kysely<Database>, table: string) =>
    (
      await sql<{ tenant_id: string }>`
        select distinct tenant_id from ${sql.table(table)} where tenant_id <> '_installation'`.execute(db)
    ).rows
      .map((r) => r.tenant_id)
      .sort();
  /** Rows a role sees in a table: every row, but the installation's keys in the tables that share them. */
  const businessRows = async (db: Kysely<Database>, table: string) =>
    ((INSTALLATION_SHARED_TABLES as readonly string[]).includes(table)
      ? await sql<{ n: number }>`
            select count(*)::int as n from ${sql.table(table)} where tenant_id <> '_installation'`.execute(db)
      : await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)
    ).rows[0]?.n;

  it('every tenant table in the catalog has the policy, with row security on', async () => {
    expect(tables.length).toBeGreaterThan(50);
    expect(await tablesWithoutTenantPolicy(handle.db)).toEqual([]);
  });

  it('without the tenant setting, the application role reads no row of any tenant table', async () => {
    // Not vacuous: as the owner, both tenants' rows are there.
    expect(await tenantsIn(handle.db, 'stores')).toEqual([tenantA, tenantB].sort());
    const seen = await asApplication(null, async (trx) => {
      const out: string[] = [];
      for (const table of tables) if ((await tenantsIn(trx, table)).length > 0) out.push(table);
      return out;
    });
    expect(seen).toEqual([]);
  });

  it("with the setting, it reads only that tenant's rows and cannot write another's", async () => {
    const seen = await asApplication(tenantA, async (trx) => {
      const out = new Set<string>();
      for (const table of tables) for (const t of await tenantsIn(trx, table)) out.add(t);
      return [...out];
    });
    expect(seen).toEqual([tenantA]);
    const write = asApplication(tenantA, (trx) =>
      sql`insert into counters (tenant_id, id, store_id, name, created_at)
          values (${tenantB}, 'c-x', 's-x', 'Counter X', '2026-01-01T00:00:00.000Z')`.execute(trx),
    );
    await expect(write).rejects.toThrow(/row-level security/);
    const update = await asApplication(tenantA, (trx) =>
      sql`update stores set name = 'Pwned' where tenant_id = ${tenantB}`.execute(trx),
    );
    expect(update.numAffectedRows).toBe(0n);
  });

  it('the application role, without the setting, reads no row of any tenant table and inserts into none', async () => {
    expect(
      (await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(handle.db)).rows[0]?.n,
    ).toBe(2);
    const seen: string[] = [];
    const inserted: string[] = [];
    for (const table of [...tables, 'tenants']) {
      const column = table === 'tenants' ? 'id' : 'tenant_id';
      if ((await asApplication(null, (trx) => businessRows(trx, table), app)) !== 0) seen.push(table);
      const insert = asApplication(
        null,
        (trx) => sql`insert into ${sql.table(table)} (${sql.id(column)}) values (${tenantA})`.execute(trx),
        app,
      );
      const refused = await insert.then(
        () => false,
        (error: unknown) => /row-level security/.test(String(error)),
      );
      if (!refused) inserted.push(table);
    }
    expect({ seen, inserted }).toEqual({ seen: [], inserted: [] });
  });

  it("the installation's own keys are readable in a business's scope, never writable or deletable", async () => {
    const db = handle.db;
    await sql`insert into tenant_key_pairs (tenant_id, purpose, public_key, private_key, created_at)
              values ('_installation', 'probe', 'public', 'wrapped', '2026-01-01T00:00:00.000Z')
              on conflict do nothing`.execute(db);
    const inA = await asTenant(tenantA, async () => ({
      read: (
        await db.selectFrom('tenant_key_pairs').select('tenant_id').where('purpose', '=', 'probe').execute()
      ).length,
      deleted: (
        await db.deleteFrom('tenant_key_pairs').where('tenant_id', '=', '_installation').executeTakeFirst()
      ).numDeletedRows,
      updated: (
        await db
          .updateTable('tenant_key_pairs')
          .set({ public_key: 'swapped' })
          .where('tenant_id', '=', '_installation')
          .executeTakeFirst()
      ).numUpdatedRows,
    }));
    expect(inA).toEqual({ read: 1, deleted: 0n, updated: 0n });
    await expect(
      asTenant(tenantA, () =>
        sql`insert into tenant_key_pairs (tenant_id, purpose, public_key, private_key, created_at)
            values ('_installation', 'probe-2', 'public', 'wrapped', '2026-01-01T00:00:00.000Z')`.execute(db),
      ),
    ).rejects.toThrow(/row-level security/);
    const row = await db
      .selectFrom('tenant_key_pairs')
      .select('public_key')
      .where('purpose', '=', 'probe')
      .execute();
    expect(row).toEqual([{ public_key: 'public' }]);
  });

  it("asTenant runs as the application role with the business's setting, which ends with its transaction", async () => {
    const db = handle.db;
    const who = () =>
      sql<{ role: string; tenant: string | null }>`
        select current_user as role, current_setting('tijori.tenant', true) as tenant`.execute(db);
    const inA = await asTenant(tenantA, async () => ({
      alone: (await who()).rows[0],
      stores: (await db.selectFrom('stores').select('tenant_id').execute()).map((r) => r.tenant_id),
      inTransaction: await db.transaction().execute(async (trx) => ({
        tenants: (await trx.selectFrom('tenants').select('id').execute()).map((r) => r.id),
        users: (await trx.selectFrom('users').select('tenant_id').execute()).map((r) => r.tenant_id),
      })),
    }));
    expect(inA.alone).toEqual({ role: app, tenant: tenantA });
    expect(new Set(inA.stores)).toEqual(new Set([tenantA]));
    expect(inA.inTransaction.tenants).toEqual([tenantA]);
    expect(new Set(inA.inTransaction.users)).toEqual(new Set([tenantA]));
    await expect(
      asTenant(tenantA, () =>
        db.updateTable('stores').set({ name: 'Pwned' }).where('tenant_id', '=', tenantB).executeTakeFirst(),
      ),
    ).resolves.toMatchObject({ numUpdatedRows: 0n });
    await expect(
      asTenant(tenantA, () =>
        sql`insert into counters (tenant_id, id, store_id, name, created_at)
            values (${tenantB}, 'c-y', 's-y', 'Counter Y', '2026-01-01T00:00:00.000Z')`.execute(db),
      ),
    ).rejects.toThrow(/row-level security/);
    // A failed statement leaves the pooled connections usable, and none keeps the role or setting.
    const after = await Promise.all(Array.from({ length: 25 }, () => who()));
    for (const row of after) expect(row.rows[0]?.tenant ?? '').toBe('');
    expect(new Set(after.map((r) => r.rows[0]?.role))).not.toContain(app);
    const system = await asSystem('test', () => db.selectFrom('stores').select('tenant_id').execute());
    expect(new Set(system.map((r) => r.tenant_id))).toEqual(new Set([tenantA, tenantB]));
  });

  it('names a tenant table created without the policy, and the installer covers it', async () => {
    await sql`create table probe_orphan (tenant_id text not null, id text not null)`.execute(handle.db);
    try {
      expect(await tablesWithoutTenantPolicy(handle.db)).toEqual(['probe_orphan']);
      await installTenantPolicies(handle.db);
      expect(await tablesWithoutTenantPolicy(handle.db)).toEqual([]);
    } finally {
      await sql`drop table probe_orphan`.execute(handle.db);
    }
  });
});
