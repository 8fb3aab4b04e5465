/**
 * The engine factory: the one place that knows whether Tijori runs on SQLite (embedded default)
 * or PostgreSQL. Everything else talks to Kysely through `DatabaseHandle`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { SqliteDialect } from 'kysely';
import { Kysely, SqliteAdapter, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.js';
import type { Database } from './schema.js';
import { withPreparedStatements } from './pg-prepared-statements.js';
import { ImmediateSqliteDialect } from './sqlite-immediate.js';
import { cacheStatements } from './sqlite-statement-cache.js';
import { TenantScopedPostgresDialect } from './tenant-scoped-dialect.js';

export type Engine = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /** Closes every connection; safe to call twice. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** SQLite file path, used when `url` is absent. */
  sqlitePath?: string;
  url?: string;
  tls?: 'off' | 'require' | 'verify-full';
  caFile?: string;
  poolSize?: number;
  /** PostgreSQL: run repeated statements as named prepared statements (default on). */
  preparedStatements?: boolean;
  /** SQLite: how long a query may wait for the single connection before failing (tests shorten it). */
  sqliteConnectionWaitMs?: number;
}

/** The SQLite file inside a data folder. */
/**
 * Whether a handle or transaction runs on SQLite, for the few statements that differ (row locks:
 * SQLite's `BEGIN IMMEDIATE` already holds the only write lock, so there is no `FOR UPDATE`).
 */
export function isSqlite(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export function sqlitePathFor(dataDir: string): string {
  return join(dataDir, 'tijori.db');
}

export function databaseOptionsFromConfig(config: Config): DatabaseOptions {
  return {
    sqlitePath: sqlitePathFor(config.dataDir),
    url: config.databaseUrl,
    tls: config.databaseTls,
    caFile: config.databaseCaFile,
    poolSize: config.databasePoolSize,
    preparedStatements: config.databasePreparedStatements,
  };
}

/** Opens SQLite with WAL, foreign keys and a busy timeout so concurrent writers wait, not fail. */
export function openSqlite(path: string): SqliteDatabase.Database {
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('synchronous = NORMAL');
  return sqlite;
}

function pgSsl(options: DatabaseOptions): pg.PoolConfig['ssl'] {
  switch (options.tls ?? 'off') {
    case 'off':
      return undefined;
    case 'require':
      // Encrypted but unverified: for a LAN server with a self-signed certificate.
      return { rejectUnauthorized: false, minVersion: 'TLSv1.2' };
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        ca: options.caFile === undefined ? undefined : readFileSync(options.caFile, 'utf8'),
      };
  }
}

// int8 (bigint) and numeric counts come back as JS numbers: paise and sequence numbers stay far
// below 2^53, and one type on both engines keeps repositories free of engine checks.
const parseInt8 = (value: string): number => Number(value);
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? parseInt8
      : (pg.types.getTypeParser(oid, format) as (
          value: string,
        ) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  let closed = false;
  if (options.url !== undefined) {
    const pool = new pg.Pool({
      connectionString: options.url,
      ssl: pgSsl(options),
      max: options.poolSize ?? 10,
      types: pgTypes,
    });
    // An idle connection that the server ends (a restart, a dropped database) is reported as an
    // error event on the pool; without a listener it would end the process. The pool discards the
    // connection and the next query opens a new one.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({
      // Work inside `asTenant` is held to the business's rows by row-level security (ADR 0064).
      dialect: new TenantScopedPostgresDialect({
        pool: options.preparedStatements === false ? pool : withPreparedStatements(pool),
      }),
    });
    return {
      db,
      engine: 'postgres',
      async close() {
        if (closed) return;
        closed = true;
        await db.destroy();
      },
    };
  }
  if (options.sqlitePath === undefined) throw new Error('openDatabase: no SQLite path and no PostgreSQL URL');
  const path = options.sqlitePath;
  const dialect: SqliteDialect = new ImmediateSqliteDialect(
    { database: () => Promise.resolve(cacheStatements(openSqlite(path))) },
    options.sqliteConnectionWaitMs,
  );
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    engine: 'sqlite',
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** Answers whether the database answers a trivial query. */
export async function pingDatabase(handle: DatabaseHandle): Promise<boolean> {
  try {
    await sql`select 1`.execute(handle.db);
    return true;
  } catch {
    return false;
  }
}
