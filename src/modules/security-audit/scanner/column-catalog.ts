/**
 * The database's own description of its tables, read from the catalog of each engine
 * (`sqlite_master` and `pragma_table_info` on SQLite, `information_schema` on PostgreSQL), so the
 * plaintext scanner covers every table and column that exists, including ones added later by
 * other capabilities, without a hand-kept list.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../../db/database.js';
import type { Database } from '../../../db/schema.js';

/** `text` columns hold strings (TEXT, VARCHAR, JSON); `binary` ones bytes (BLOB, BYTEA). */
export type ColumnKind = 'text' | 'binary' | 'other';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** Primary-key columns in key order (empty when the table has none). */
  primaryKey: string[];
  /** The column naming the tenant of a row (`tenant_id`, or `id` for `tenants`), if any. */
  tenantColumn: string | null;
}

function sqliteKind(declared: string): ColumnKind {
  const type = declared.toUpperCase();
  if (/CHAR|CLOB|TEXT|JSON/.test(type)) return 'text';
  if (type === '' || type.includes('BLOB')) return 'binary';
  return 'other';
}

function postgresKind(dataType: string): ColumnKind {
  if (['text', 'character varying', 'character', 'json', 'jsonb', 'citext'].includes(dataType)) return 'text';
  return dataType === 'bytea' ? 'binary' : 'other';
}

function tenantColumnOf(table: string, columns: readonly ColumnInfo[]): string | null {
  if (columns.some((c) => c.name === 'tenant_id')) return 'tenant_id';
  return table === 'tenants' ? 'id' : null;
}

async function sqliteCatalog(db: Kysely<Database>): Promise<TableInfo[]> {
  const { rows: tables } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
    db,
  );
  const out: TableInfo[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{ name: string; type: string; pk: number }>`
      select name, type, pk from pragma_table_info(${name})`.execute(db);
    const columns = rows.map((r) => ({ name: r.name, kind: sqliteKind(r.type) }));
    const primaryKey = rows
      .filter((r) => Number(r.pk) > 0)
      .sort((a, b) => Number(a.pk) - Number(b.pk))
      .map((r) => r.name);
    out.push({ name, columns, primaryKey, tenantColumn: tenantColumnOf(name, columns) });
  }
  return out;
}

async function postgresCatalog(db: Kysely<Database>): Promise<TableInfo[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const { rows: keys } = await sql<{ table_name: string; column_name: string }>`
    select tc.table_name, k.column_name
    from information_schema.table_constraints tc
    join information_schema.key_column_usage k
      on k.constraint_name = tc.constraint_name and k.table_schema = tc.table_schema
      and k.table_name = tc.table_name
    where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema()
    order by tc.table_name, k.ordinal_position`.execute(db);
  const tables = new Map<string, TableInfo>();
  for (const c of columns) {
    const table = tables.get(c.table_name) ?? {
      name: c.table_name,
      columns: [],
      primaryKey: [],
      tenantColumn: null,
    };
    table.columns.push({ name: c.column_name, kind: postgresKind(c.data_type) });
    tables.set(c.table_name, table);
  }
  for (const k of keys) tables.get(k.table_name)?.primaryKey.push(k.column_name);
  for (const table of tables.values()) table.tenantColumn = tenantColumnOf(table.name, table.columns);
  return [...tables.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Every base table of the current database (schema) with its columns and primary key. */
export async function readCatalog(db: Kysely<Database>, engine: Engine): Promise<TableInfo[]> {
  return engine === 'postgres' ? postgresCatalog(db) : sqliteCatalog(db);
}
