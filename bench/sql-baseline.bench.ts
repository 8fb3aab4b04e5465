/**
 * The baseline later features measure their overhead against: bare SQL write transactions per
 * second on each engine (driver only, no query builder), and the same through Kysely.
 */
import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { openSqlite } from '../src/db/database.js';
import { measure, type BenchReport, type Measurement } from './harness.js';
import { openBenchDatabase } from './support/databases.js';

const createTable = `create table bench_rows (tenant_id text not null, id text not null, amount bigint not null,
  note text not null, created_at text not null, primary key (tenant_id, id))`;

let counter = 0;
const nextRow = () => {
  counter += 1;
  return [
    't1',
    `row-${counter}`,
    counter * 100,
    'a short note of ordinary length',
    new Date().toISOString(),
  ] as const;
};

async function sqliteCases(): Promise<Measurement[]> {
  const bench = await openBenchDatabase('sqlite');
  try {
    await sql.raw(createTable).execute(bench.handle.db);
    const raw: SqliteDatabase.Database = openSqlite(bench.sqlitePath ?? '');
    const insert = raw.prepare('insert into bench_rows values (?, ?, ?, ?, ?)');
    const tx = raw.transaction(() => insert.run(...nextRow()));
    const perRun = 3000;
    const bare = await measure({
      name: 'SQLite: bare SQL write transaction (better-sqlite3)',
      unit: 'tx/s',
      run: () => {
        for (let i = 0; i < perRun; i += 1) tx.immediate();
        return perRun;
      },
    });
    raw.close();
    const viaKysely = await measure({
      name: 'SQLite: the same transaction through Kysely',
      unit: 'tx/s',
      run: async () => {
        for (let i = 0; i < perRun; i += 1) {
          const [tenant_id, id, amount, note, created_at] = nextRow();
          await bench.handle.db.transaction().execute(async (trx) => {
            await sql`insert into bench_rows values (${tenant_id}, ${id}, ${amount}, ${note}, ${created_at})`.execute(
              trx,
            );
          });
        }
        return perRun;
      },
    });
    return [bare, viaKysely];
  } finally {
    await bench.close();
  }
}

async function postgresCases(): Promise<Measurement[]> {
  const bench = await openBenchDatabase('postgres');
  try {
    await sql.raw(createTable).execute(bench.handle.db);
    const client = new pg.Client({ connectionString: bench.url });
    await client.connect();
    const perRun = 1000;
    const bare = await measure({
      name: 'PostgreSQL: bare SQL write transaction (pg, one connection)',
      unit: 'tx/s',
      run: async () => {
        for (let i = 0; i < perRun; i += 1) {
          await client.query('begin');
          await client.query('insert into bench_rows values ($1, $2, $3, $4, $5)', [...nextRow()]);
          await client.query('commit');
        }
        return perRun;
      },
    });
    await client.end();
    const viaKysely = await measure({
      name: 'PostgreSQL: the same transaction through Kysely',
      unit: 'tx/s',
      run: async () => {
        for (let i = 0; i < perRun; i += 1) {
          const [tenant_id, id, amount, note, created_at] = nextRow();
          await bench.handle.db.transaction().execute(async (trx) => {
            await sql`insert into bench_rows values (${tenant_id}, ${id}, ${amount}, ${note}, ${created_at})`.execute(
              trx,
            );
          });
        }
        return perRun;
      },
    });
    return [bare, viaKysely];
  } finally {
    await bench.close();
  }
}

export async function run(): Promise<BenchReport> {
  const [sqliteBare, sqliteKysely] = await sqliteCases();
  const [pgBare, pgKysely] = await postgresCases();
  const measurements = [sqliteBare, sqliteKysely, pgBare, pgKysely].filter(
    (m): m is Measurement => m !== undefined,
  );
  return {
    benchmark: 'sql-baseline',
    title: 'Baseline: bare SQL write transactions',
    measurements,
    ratios: [
      { name: 'SQLite: Kysely / bare', value: (sqliteKysely?.median ?? 0) / (sqliteBare?.median ?? 1) },
      { name: 'PostgreSQL: Kysely / bare', value: (pgKysely?.median ?? 0) / (pgBare?.median ?? 1) },
    ],
    notes: [
      'One transaction inserts one row of five columns. SQLite in WAL mode with synchronous=NORMAL (as Tijori runs it);',
      'PostgreSQL with its default durability (fsync on, synchronous_commit on), on the same machine.',
    ],
  };
}
