/** Databases for benchmarks: a temporary SQLite file, and PostgreSQL (embedded, or TIJORI_BENCH_PG_URL). */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Engine } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { startPostgresProcess } from '../../test/support/postgres-process.js';

let server: { url: string; stop(): Promise<void> } | undefined;

async function adminUrl(): Promise<string> {
  const given = process.env.TIJORI_BENCH_PG_URL;
  if (given !== undefined && given !== '') return given;
  server ??= await startPostgresProcess([]);
  return server.url;
}

export interface BenchDatabase {
  handle: DatabaseHandle;
  sqlitePath?: string;
  url?: string;
  close(): Promise<void>;
}

/** A fresh, migrated database on the engine. PostgreSQL keeps its default durability settings. */
export async function openBenchDatabase(engine: Engine): Promise<BenchDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tijori-bench-'));
    const sqlitePath = join(dir, 'tijori.db');
    const handle = openDatabase({ sqlitePath });
    await migrateToLatest(handle);
    return {
      handle,
      sqlitePath,
      async close() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = await adminUrl();
  const name = `tijori_bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString(), poolSize: 60 });
  await migrateToLatest(handle);
  return {
    handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Stops the embedded server when the benchmarks are done. */
export async function stopBenchPostgres(): Promise<void> {
  await server?.stop();
  server = undefined;
}
