/**
 * Append-only tables: a trigger on each engine refuses DELETE and any UPDATE but the in-place
 * re-encryption of encrypted envelopes (`*_enc` columns) by key rotation, so even a bug or a
 * console session cannot quietly change a row that records what happened.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/** Every column of `table` but the encrypted envelopes, which rotation rewrites in place. */
async function protectedColumns(db: Kysely<unknown>, engine: Engine, table: string): Promise<string[]> {
  const rows =
    engine === 'postgres'
      ? await sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(
          db,
        )
      : await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return rows.rows.map((r) => r.name).filter((name) => !name.endsWith('_enc'));
}

/** Adds the refusing triggers to each table (created before this call). */
export async function refuseRowChanges(
  db: Kysely<unknown>,
  engine: Engine,
  tables: readonly string[],
): Promise<void> {
  const message = (table: string) => `append-only table ${table}: rows are never updated or deleted`;
  if (engine === 'postgres')
    await sql`create or replace function tijori_refuse_change() returns trigger language plpgsql as $$
      begin raise exception 'append-only table %: rows are never updated or deleted', TG_TABLE_NAME; end $$`.execute(
      db,
    );
  for (const table of tables) {
    const cols = sql.join((await protectedColumns(db, engine, table)).map((c) => sql.ref(c)));
    if (engine === 'postgres') {
      await sql`create trigger ${sql.raw(`${table}_no_update`)} before update of ${cols} on ${sql.table(table)}
        for each row execute function tijori_refuse_change()`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
        for each row execute function tijori_refuse_change()`.execute(db);
    } else {
      await sql`create trigger ${sql.raw(`${table}_no_update`)} before update of ${cols} on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(message(table))}); end`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(message(table))}); end`.execute(db);
    }
  }
}
