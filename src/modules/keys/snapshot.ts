/**
 * Consistent plaintext snapshots of the database, the input of encrypted backups. SQLite uses its
 * online backup API (a page-level copy of one consistent state while the server keeps running);
 * PostgreSQL is read inside one REPEATABLE READ, READ ONLY transaction and written as JSON lines
 * (one header line, then one line per row), which restores into either engine.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { sql, type Kysely } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import type { DatabaseHandle } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

export interface SnapshotHeader {
  format: 'tijori-snapshot';
  version: 1;
  engine: 'postgres';
  createdAt: string;
  tables: string[];
}

export interface SnapshotProgress {
  done: number;
  total: number;
  unit: 'pages' | 'rows';
}

/** Copies a live SQLite database to `dest` with the online backup API. */
export async function snapshotSqlite(
  sqlitePath: string,
  dest: string,
  onProgress?: (p: SnapshotProgress) => void,
): Promise<void> {
  const source = new SqliteDatabase(sqlitePath, { readonly: true, fileMustExist: true });
  source.pragma('busy_timeout = 10000');
  try {
    const { totalPages } = await source.backup(dest, {
      progress: ({ totalPages: total, remainingPages }) => {
        onProgress?.({ done: total - remainingPages, total, unit: 'pages' });
        return 256;
      },
    });
    // The callback runs between steps only: report the end too (a small database is one step).
    onProgress?.({ done: totalPages, total: totalPages, unit: 'pages' });
  } finally {
    source.close();
  }
}

async function userTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

async function primaryKeyColumns(db: Kysely<Database>, table: string): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`
    select a.attname as column_name
    from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${table}::regclass and i.indisprimary
    order by array_position(i.indkey, a.attnum)`.execute(db);
  return rows.map((r) => r.column_name);
}

/** Writes a consistent JSON-lines snapshot of a PostgreSQL database to `dest`. */
export async function snapshotPostgres(
  handle: DatabaseHandle,
  dest: string,
  onProgress?: (p: SnapshotProgress) => void,
): Promise<void> {
  const out = createWriteStream(dest, { mode: 0o600 });
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  try {
    await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const tables = await userTables(trx);
        let total = 0;
        for (const table of tables) {
          const { rows } = await sql<{
            n: number;
          }>`select count(*)::bigint as n from ${sql.table(table)}`.execute(trx);
          total += Number(rows[0]?.n ?? 0);
        }
        const header: SnapshotHeader = {
          format: 'tijori-snapshot',
          version: 1,
          engine: 'postgres',
          createdAt: new Date().toISOString(),
          tables,
        };
        await write(JSON.stringify(header));
        let done = 0;
        for (const table of tables) {
          const keys = await primaryKeyColumns(trx, table);
          const order = keys.length > 0 ? sql.join(keys.map((k) => sql.ref(k))) : sql`ctid`;
          const pageSize = 2000;
          for (let offset = 0; ; offset += pageSize) {
            const { rows } = await sql<
              Record<string, unknown>
            >`select * from ${sql.table(table)} order by ${order} limit ${pageSize} offset ${offset}`.execute(
              trx,
            );
            for (const row of rows) await write(JSON.stringify({ t: table, r: encodeRow(row) }));
            done += rows.length;
            onProgress?.({ done, total, unit: 'rows' });
            if (rows.length < pageSize) break;
          }
        }
      });
  } finally {
    out.end();
    await once(out, 'close');
  }
}

/** Binary values travel as `{"$b64": "..."}`; everything else is plain JSON. */
function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row))
    out[k] = Buffer.isBuffer(v) ? { $b64: v.toString('base64') } : v instanceof Date ? v.toISOString() : v;
  return out;
}

export function decodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = v !== null && typeof v === 'object' && '$b64' in v ? Buffer.from(String(v.$b64), 'base64') : v;
  }
  return out;
}
