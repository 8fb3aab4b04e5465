/**
 * Runs a suite once per selected engine, each on a fresh, migrated database: a temporary SQLite
 * file, or a new database on the run's PostgreSQL server. Suite names carry `[sqlite]` or
 * `[postgres]` so the output shows where each ran.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, type DatabaseHandle, type Engine } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { selectedEngines } from './test-env.js';

export interface TestDatabase extends DatabaseHandle {
  /** Connection details, for tests that open a second connection or another process. */
  readonly location: { sqlitePath?: string; url?: string };
}

/** Creates an empty database on the given engine (not migrated). */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  return newDatabase(engine, false);
}

/**
 * Creates a database on the engine with every migration applied: a copy of the run's migrated
 * template (see migrated-templates.ts), or a fresh database migrated here when there is none.
 */
export async function createMigratedDatabase(engine: Engine): Promise<TestDatabase> {
  const fromTemplate =
    (engine === 'sqlite' ? inject('sqliteTemplatePath') : inject('pgTemplateDatabase')) ?? '';
  const handle = await newDatabase(engine, fromTemplate !== '');
  if (fromTemplate === '') await migrateToLatest(handle);
  return handle;
}

async function newDatabase(engine: Engine, fromTemplate: boolean): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tijori-sqlite-'));
    const sqlitePath = join(dir, 'tijori.db');
    if (fromTemplate) copyFileSync(inject('sqliteTemplatePath'), sqlitePath);
    const handle = openDatabase({ sqlitePath });
    return {
      ...handle,
      location: { sqlitePath },
      async close() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('pgAdminUrl');
  if (adminUrl === '') throw new Error('PostgreSQL was not started for this run (check TIJORI_TEST_ENGINE)');
  const name = `tijori_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(
    fromTemplate
      ? `create database ${name} template ${inject('pgTemplateDatabase')}`
      : `create database ${name}`,
  );
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString(), poolSize: 20 });
  return {
    ...handle,
    location: { url: url.toString() },
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * Declares `title [engine]` suites for each selected engine. `body` receives a getter for the
 * suite's migrated database, available inside tests and hooks.
 */
export function describeEachEngine(
  title: string,
  body: (getDb: () => TestDatabase, engine: Engine) => void,
): void {
  for (const engine of selectedEngines()) {
    describe(`${title} [${engine}]`, () => {
      let handle: TestDatabase | undefined;
      beforeAll(async () => {
        handle = await createMigratedDatabase(engine);
      });
      afterAll(async () => {
        await handle?.close();
      });
      body(() => {
        if (handle === undefined) throw new Error('database not ready: use it inside tests or hooks');
        return handle;
      }, engine);
    });
  }
}
