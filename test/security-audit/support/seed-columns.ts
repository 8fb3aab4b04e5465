/**
 * Seeds a value into every text and binary column of every table, one synthetic row per column,
 * with foreign keys and triggers out of the way (SQLite: foreign keys off and triggers dropped and
 * recreated; PostgreSQL: `session_replication_role = replica` in the seeding transaction). Other
 * columns get placeholders of their type. Test-only: it bypasses every rule the product keeps.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../../src/db/database.js';
import type { Database } from '../../../src/db/schema.js';
import { readCatalog } from '../../../src/modules/security-audit/scanner/column-catalog.js';

interface TypedColumn {
  name: string;
  type: string;
}

async function columnTypes(db: Kysely<Database>, engine: Engine, table: string): Promise<TypedColumn[]> {
  if (engine === 'sqlite') {
    const { rows } = await sql<{
      name: string;
      type: string;
    }>`select name, type from pragma_table_info(${table})`.execute(db);
    return rows.map((r) => ({ name: r.name, type: r.type.toLowerCase() }));
  }
  const { rows } = await sql<{ name: string; type: string }>`
    select column_name as name, data_type as type from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  return rows;
}

function placeholder(type: string, n: number): unknown {
  if (/int|numeric|real|double|float/.test(type)) return n;
  if (type === 'boolean') return false;
  if (type === 'bytea' || type === 'blob') return Buffer.from(`p-${String(n)}`);
  if (type === 'json' || type === 'jsonb') return JSON.stringify(`p-${String(n)}`);
  return `p-${String(n)}`;
}

function seeded(type: string, text: string): unknown {
  if (type === 'bytea' || type === 'blob') return Buffer.from(text, 'utf8');
  if (type === 'json' || type === 'jsonb') return JSON.stringify(text);
  return text;
}

export interface SeededCell {
  table: string;
  column: string;
  /** The primary key of the seeded row, as the scanner reports it (strings). */
  key: Record<string, string>;
}

/** Inserts one row per text/binary column holding `text` there; returns where each went. */
export async function seedEveryTextColumn(
  db: Kysely<Database>,
  engine: Engine,
  text: string,
): Promise<SeededCell[]> {
  const catalog = (await readCatalog(db, engine)).filter((t) => !t.name.startsWith('kysely_'));
  const cells: SeededCell[] = [];
  let n = 1_000_000;
  const seed = async (trx: Kysely<Database>) => {
    for (const table of catalog) {
      const types = await columnTypes(trx, engine, table.name);
      for (const target of table.columns.filter((c) => c.kind !== 'other')) {
        const row: Record<string, unknown> = {};
        for (const c of types) {
          n += 1;
          row[c.name] = c.name === target.name ? seeded(c.type, text) : placeholder(c.type, n);
        }
        await trx
          .insertInto(table.name as never)
          .values(row)
          .execute();
        const key: Record<string, string> = {};
        for (const k of table.primaryKey) key[k] = String(row[k]);
        cells.push({ table: table.name, column: target.name, key });
      }
    }
  };
  if (engine === 'postgres') {
    await db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await seed(trx);
    });
    return cells;
  }
  const { rows: triggers } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'trigger'`.execute(db);
  await sql`pragma foreign_keys = off`.execute(db);
  for (const t of triggers) await sql`drop trigger ${sql.id(t.name)}`.execute(db);
  try {
    await db.transaction().execute(seed);
  } finally {
    for (const t of triggers) await sql.raw(t.sql).execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
  }
  return cells;
}
