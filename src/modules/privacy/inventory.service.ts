/**
 * The data inventory at run time: reads the live database catalog (`pragma table_info` on SQLite,
 * `information_schema.columns` on PostgreSQL) and compares it with the declared inventory and the
 * declared encrypted columns. Any column without a classification, any classification of a column
 * that does not exist, and any disagreement about encryption is reported by name.
 */
import { sql, type Kysely } from 'kysely';
import { inventoryTables } from '../../db/data-inventory.js';
import type { Engine } from '../../db/database.js';
import type { ColumnSpec, TableSpec } from '../../db/inventory.js';
import type { Database } from '../../db/schema.js';
import { encryptedColumns, type EncryptedColumn } from '../keys/encrypted-columns.js';

/** Tables that belong to the migration tool, not to Tijori's data. */
const TOOL_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

export type Catalog = ReadonlyMap<string, readonly string[]>;

/** Every table and its columns, as the database itself reports them. */
export async function readCatalog(db: Kysely<Database>, engine: Engine): Promise<Catalog> {
  const rows =
    engine === 'postgres'
      ? (
          await sql<{ t: string; c: string }>`select table_name as t, column_name as c
            from information_schema.columns where table_schema = current_schema()
            order by table_name, ordinal_position`.execute(db)
        ).rows
      : (
          await sql<{ t: string; c: string }>`select m.name as t, p.name as c
            from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, p.cid`.execute(db)
        ).rows;
  const catalog = new Map<string, string[]>();
  for (const { t, c } of rows) {
    if (TOOL_TABLES.has(t)) continue;
    const list = catalog.get(t) ?? [];
    list.push(c);
    catalog.set(t, list);
  }
  return catalog;
}

export interface InventoryProblems {
  /** `table.column` present in the database without a classification. */
  unclassified: string[];
  /** `table.column` classified but absent from the database. */
  missing: string[];
  /** `table.column` whose declared encryption disagrees with the declared encrypted columns. */
  encryptionMismatch: string[];
  /** Subject links naming a column or table that does not exist. */
  badLinks: string[];
}

type Spec = TableSpec<Record<string, unknown>>;

/** Compares a catalog with the inventory; every list empty means the inventory is complete. */
export function checkInventory(
  catalog: Catalog,
  tables: ReadonlyArray<readonly [string, Spec]> = inventoryTables(),
  encrypted: readonly EncryptedColumn[] = encryptedColumns(),
): InventoryProblems {
  const declared = new Map(tables);
  const problems: InventoryProblems = { unclassified: [], missing: [], encryptionMismatch: [], badLinks: [] };
  for (const [table, columns] of catalog) {
    const spec = declared.get(table);
    for (const column of columns)
      if (spec?.columns[column] === undefined) problems.unclassified.push(`${table}.${column}`);
  }
  const envelopes = new Set(encrypted.map((c) => `${c.table}.${c.column}`));
  for (const [table, spec] of declared) {
    const live = new Set(catalog.get(table) ?? []);
    for (const [column, columnSpec] of Object.entries<ColumnSpec>(spec.columns)) {
      const name = `${table}.${column}`;
      if (!live.has(column)) problems.missing.push(name);
      if ((columnSpec.encrypted === true) !== envelopes.has(name)) problems.encryptionMismatch.push(name);
    }
    const link = spec.subject;
    if (link === undefined) continue;
    const column = 'column' in link ? link.column : link.via.column;
    if (!(column in spec.columns)) problems.badLinks.push(`${table}.${column}`);
    if ('via' in link && !declared.has(link.via.table))
      problems.badLinks.push(`${table} -> ${link.via.table}`);
  }
  for (const name of envelopes)
    if (!tables.some(([t, s]) => name.startsWith(`${t}.`) && name.slice(t.length + 1) in s.columns))
      problems.encryptionMismatch.push(name);
  return problems;
}

/** True when nothing is wrong. */
export function inventoryComplete(problems: InventoryProblems): boolean {
  return Object.values(problems).every((list: string[]) => list.length === 0);
}
