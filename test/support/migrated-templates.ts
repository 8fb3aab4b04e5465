/**
 * Migrated template databases, made once per test run by the global setup: a migrated SQLite
 * file that suites copy, and a migrated PostgreSQL database that suites clone with
 * `CREATE DATABASE ... TEMPLATE`. Running every migration for every suite was the largest fixed
 * cost of the database suites; a copy gives the same schema in a fraction of the time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export interface MigratedTemplates {
  /** The migrated SQLite file ('' when not made). */
  sqlitePath: string;
  /** The migrated PostgreSQL database's name ('' when not made). */
  pgDatabase: string;
  remove(): Promise<void>;
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** Migrates a SQLite file, and a PostgreSQL database on `pgAdminUrl` when given. */
export async function createMigratedTemplates(pgAdminUrl: string): Promise<MigratedTemplates> {
  const dir = mkdtempSync(join(tmpdir(), 'tijori-template-'));
  const sqlitePath = join(dir, 'template.db');
  const sqlite = openDatabase({ sqlitePath });
  try {
    await migrateToLatest(sqlite);
  } finally {
    await sqlite.close();
  }
  let pgDatabase = '';
  if (pgAdminUrl !== '') {
    pgDatabase = `tijori_template_${randomBytes(6).toString('hex')}`;
    await adminQuery(pgAdminUrl, `create database ${pgDatabase}`);
    const url = new URL(pgAdminUrl);
    url.pathname = `/${pgDatabase}`;
    const handle = openDatabase({ url: url.toString(), poolSize: 1 });
    try {
      await migrateToLatest(handle);
    } finally {
      await handle.close();
    }
  }
  return {
    sqlitePath,
    pgDatabase,
    async remove() {
      rmSync(dir, { recursive: true, force: true });
      if (pgDatabase !== '')
        await adminQuery(pgAdminUrl, `drop database if exists ${pgDatabase} with (force)`);
    },
  };
}
