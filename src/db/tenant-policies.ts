/**
 * Row-level security on PostgreSQL (issue 20, ADR 0055 and 0064): every table with a `tenant_id`
 * column, read from the catalog, gets the policy `tenant_isolation`, which shows and accepts only
 * the rows of the tenant named by the transaction-local setting `tijori.tenant`; without the
 * setting a query sees nothing and can write nothing. The `tenants` registry gets the same policy
 * on its `id`. Installed after every migration run, so a new tenant table is covered without a
 * migration of its own. The policies hold every role that does not own the tables and lacks
 * BYPASSRLS; the installer creates the application role (`tijori_app`, no login, no BYPASSRLS),
 * grants it the data privileges on every table and sequence of the schema and makes the connecting
 * role a member, so that tenant work (`asTenant`, db/tenant-scope.ts) can switch to it for each
 * transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { APPLICATION_ROLE } from './tenant-scope.js';

export const TENANT_SETTING = 'tijori.tenant';
const POLICY = 'tenant_isolation';
/**
 * Tables holding the installation's own keys beside the businesses' (`tenant_id` `_installation`):
 * the document signing key and the login-email index key, which every business's requests use.
 * Their installation rows are readable in any tenant scope (policy `installation_keys_readable`,
 * SELECT only); writing or deleting them still needs the system scope. They are wrapped under the
 * KEK or public.
 */
export const INSTALLATION_SHARED_TABLES = ['data_keys', 'tenant_key_pairs'] as const;
const SHARED_POLICY = 'installation_keys_readable';
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
        for t in select unnest(array[${sql.join(INSTALLATION_SHARED_TABLES.map((name) => sql.lit(name)))}]) as relname loop
          if to_regclass(t.relname) is not null and not exists (
            select 1 from pg_policy p where p.polrelid = to_regclass(t.relname) and p.polname = ${sql.lit(SHARED_POLICY)}
          ) then
            execute format('create policy %I on %I for select using (tenant_id = %L)',
              ${sql.lit(SHARED_POLICY)}, t.relname, ${sql.lit('_installation')});
          end if;
        end loop;
        if to_regclass('tenants') is not null then
          if not exists (select 1 from pg_policy p where p.polrelid = 'tenants'::regclass and p.polname = ${sql.lit(POLICY)}) then
            execute format('create policy %I on tenants using (id = current_setting(%L, true)) with check (id = current_setting(%L, true))',
              ${sql.lit(POLICY)}, ${sql.lit(TENANT_SETTING)}, ${sql.lit(TENANT_SETTING)});
          end if;
          alter table tenants enable row level security;
        end if;
      end $$`.execute(trx);
    // The role is shared by every database of the cluster; another database's installer may be
    // creating it at the same moment.
    await sql`
      do $$
      begin
        if not exists (select 1 from pg_roles where rolname = ${sql.lit(APPLICATION_ROLE)}) then
          begin
            execute format('create role %I nologin nobypassrls', ${sql.lit(APPLICATION_ROLE)});
          exception when duplicate_object or unique_violation then null;
          end;
        end if;
        if not pg_has_role(current_user, ${sql.lit(APPLICATION_ROLE)}, 'MEMBER') then
          execute format('grant %I to %I', ${sql.lit(APPLICATION_ROLE)}, current_user);
        end if;
        execute format('grant usage on schema %I to %I', current_schema(), ${sql.lit(APPLICATION_ROLE)});
        execute format('grant select, insert, update, delete on all tables in schema %I to %I',
          current_schema(), ${sql.lit(APPLICATION_ROLE)});
        execute format('grant usage, select, update on all sequences in schema %I to %I',
          current_schema(), ${sql.lit(APPLICATION_ROLE)});
      end $$`.execute(trx);
  });
}

/**
 * Tenant tables (a `tenant_id` column, and the `tenants` registry) of the current schema lacking
 * the policy or row security.
 */
export async function tablesWithoutTenantPolicy(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ relname: string }>`
    select c.relname
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname = current_schema()
      and (c.relname = 'tenants'
           or exists (select 1 from pg_attribute a
                      where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
      and (not c.relrowsecurity
           or not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = ${POLICY}))
    order by c.relname`.execute(db);
  return rows.rows.map((r) => r.relname);
}
