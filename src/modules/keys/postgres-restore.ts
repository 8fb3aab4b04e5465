/**
 * Loading a PostgreSQL backup (the JSON-lines dump written by `snapshotPostgres`): the schema is
 * rebuilt by the migrations, then every row is inserted in one transaction, tables in foreign-key
 * order. Also reads the dump's key records, so a restore can refuse before touching anything.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import { databaseOptionsFromConfig, openDatabase, type DatabaseHandle } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { decodeRow } from './snapshot.js';

export type ProgressReporter = (stage: string, done: number, total: number) => void;

/** Each row of the dump, in file order (the first line is the header). */
async function* dumpRows(plain: string): AsyncGenerator<{ t: string; r: Record<string, unknown> }> {
  const lines = createInterface({ input: createReadStream(plain), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    yield JSON.parse(line) as { t: string; r: Record<string, unknown> };
  }
}

/** The KEK ids that wrapped the data keys in a dump. */
export async function kekIdsInDump(plain: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const { t, r } of dumpRows(plain)) if (t === 'data_keys') ids.add(String(r.kek_id));
  return ids;
}

async function dropAllTables(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
    db,
  );
  for (const r of rows) await sql`drop table if exists ${sql.table(r.table_name)} cascade`.execute(db);
}

/** Tables in an order where every referenced table comes first. */
async function insertOrder(db: Kysely<Database>): Promise<string[]> {
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
    db,
  );
  const { rows: refs } = await sql<{ child: string; parent: string }>`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`.execute(
    db,
  );
  const order: string[] = [];
  const pending = new Set(tables.map((t) => t.table_name));
  while (pending.size > 0) {
    const ready = [...pending].filter(
      (t) => !refs.some((r) => r.child === t && r.parent !== t && pending.has(r.parent)),
    );
    if (ready.length === 0) throw new Error('circular foreign keys');
    for (const t of ready.sort()) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order;
}

/** Replaces the configured PostgreSQL database's tables with the dump's rows. */
export async function loadPostgres(
  config: Config,
  plain: string,
  onProgress?: ProgressReporter,
): Promise<void> {
  const handle = openDatabase(databaseOptionsFromConfig(config));
  try {
    await dropAllTables(handle.db);
    await loadDump(handle, plain, onProgress === undefined ? {} : { onProgress });
  } finally {
    await handle.close();
  }
}

/**
 * Builds the schema with the migrations in the handle's current schema, then inserts the dump's
 * rows in one transaction, tables in foreign-key order. Used by a restore (after emptying the
 * database) and by a test restore (into a temporary schema).
 */
export async function loadDump(
  handle: DatabaseHandle,
  plain: string,
  options: { onProgress?: ProgressReporter; schema?: string } = {},
): Promise<number> {
  const { onProgress } = options;
  await migrateToLatest(handle, options.schema === undefined ? {} : { schema: options.schema });
  const order = await insertOrder(handle.db);
  // Rows are grouped per table in the file; read it once per table in dependency order.
  let done = 0;
  await handle.db.transaction().execute(async (trx) => {
    // Rows go in parent tables first, so foreign keys can be checked row by row; a deferred check
    // would leave trigger events pending, and PostgreSQL refuses ALTER TABLE while any are.
    await sql`set constraints all immediate`.execute(trx);
    for (const table of order) {
      if (table.startsWith('kysely_migration')) continue;
      // The rows are restored as they were: the tables' own triggers (append-only audit trail,
      // chain continuity) stay off for the load and are back on before the transaction commits.
      await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
      for await (const { t, r } of dumpRows(plain)) {
        if (t !== table) continue;
        await trx
          .insertInto(table as never)
          .values(decodeRow(r))
          .execute();
        done += 1;
        if (done % 1000 === 0) onProgress?.('load', done, 0);
      }
      await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
    }
  });
  return done;
}

/** Rows per table in a dump (the test restore compares them with what was loaded). */
export async function rowsPerTableInDump(plain: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const { t } of dumpRows(plain)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
