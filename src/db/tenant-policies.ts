/**
 * Row-level security on PostgreSQL (issue 20, ADR 0055): every table with a `tenant_id` column,
 * read from the catalog, gets the policy `tenant_isolation`, which shows and accepts only the rows
 * of the tenant named by the transaction-local setting `tijori.tenant`; without the setting a
 * query sees nothing. Installed after every migration run, so a new tenant table is covered
 * without a migration of its own. Enabled, not yet forced: the role that owns the tables (the one
 * Tijori connects as today) still bypasses it; any other role without BYPASSRLS is held to it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export const TENANT_SETTING = 'tijori.tenant';
const POLICY = 'tenant_isolation';
/** Serialises the installer across instances migrating at the same time. */
const INSTALL_LOCK = 7_272_055;

/** Creates the policy where it is missing and enables row security where it is off (idempotent). */
export async function installTenantPolicies(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${INSTALL_LOCK})`.execute(trx);
    await sql`
      do $$
      declare t record;
      begin
        for t in
          select c.oid, n.nspname, c.relname, c.relrowsecurity
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
          where c.relkind in ('r', 'p') and n.nspname = current_schema()
        loop
          if not exists (select 1 from pg_policy p where p.polrelid = t.oid and p.polname = ${sql.lit(POLICY)}) then
            execute format(
              'create policy %I on %I.%I using (tenant_id = current_setting(%L, true)) with check (tenant_id = current_setting(%L, true))',
              ${sql.lit(POLICY)}, t.nspname, t.relname, ${sql.lit(TENANT_SETTING)}, ${sql.lit(TENANT_SETTING)});
          end if;
          if not t.relrowsecurity then
            execute format('alter table %I.%I enable row level security', t.nspname, t.relname);
          end if;
        end loop;
      end $$`.execute(trx);
  });
}

/** Tenant tables (a `tenant_id` column) of the current schema lacking the policy or row security. */
export async function tablesWithoutTenantPolicy(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ relname: string }>`
    select c.relname
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
    where c.relkind in ('r', 'p') and n.nspname = current_schema()
      and (not c.relrowsecurity
           or not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = ${POLICY}))
    order by c.relname`.execute(db);
  return rows.rows.map((r) => r.relname);
}
