/**
 * Starts one real PostgreSQL server for the whole test run (unless TIJORI_TEST_PG_URL names one,
 * or only SQLite was selected) and hands its admin URL to the suites. Each suite then creates
 * its own database on it. The server runs in a child process (see postgres-server.ts), so nothing
 * it installs can change this process's exit code.
 */
import type { TestProject } from 'vitest/node';
import { createMigratedTemplates } from './migrated-templates.js';
import { startPostgresProcess } from './postgres-process.js';
import { externalPostgresUrl, selectedEngines } from './test-env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** A migrated SQLite file that suites copy ('' when none). */
    sqliteTemplatePath: string;
    /** A migrated PostgreSQL database that suites clone ('' when none). */
    pgTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const stopPostgres = await startPostgres(project);
  // Migrated once here; each suite's database is a copy (see migrated-templates.ts).
  let templates: Awaited<ReturnType<typeof createMigratedTemplates>>;
  try {
    templates = await createMigratedTemplates(project.getProvidedContext().pgAdminUrl);
  } catch (error) {
    await stopPostgres?.();
    throw error;
  }
  project.provide('sqliteTemplatePath', templates.sqlitePath);
  project.provide('pgTemplateDatabase', templates.pgDatabase);
  return async () => {
    await templates.remove();
    await stopPostgres?.();
  };
}

async function startPostgres(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!selectedEngines().includes('postgres')) {
    project.provide('pgAdminUrl', '');
    return undefined;
  }
  const external = externalPostgresUrl();
  if (external !== undefined) {
    project.provide('pgAdminUrl', external);
    return undefined;
  }
  // Durability settings off: tests check behaviour, not crash safety of the disk.
  const server = await startPostgresProcess(['-c', 'fsync=off', '-c', 'synchronous_commit=off']);
  process.stdout.write(`[tijori tests] PostgreSQL started for this run (${new URL(server.url).port})\n`);
  project.provide('pgAdminUrl', server.url);
  return () => server.stop();
}
