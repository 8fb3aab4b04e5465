/**
 * Starts one real PostgreSQL server for the whole test run (unless TIJORI_TEST_PG_URL names one,
 * or only SQLite was selected) and hands its admin URL to the suites. Each suite then creates
 * its own database on it. The server runs in a child process (see postgres-server.ts), so nothing
 * it installs can change this process's exit code.
 */
import type { TestProject } from 'vitest/node';
import { startPostgresProcess } from './postgres-process.js';
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
  // Durability settings off: tests check behaviour, not crash safety of the disk.
  const server = await startPostgresProcess(['-c', 'fsync=off', '-c', 'synchronous_commit=off']);
  process.stdout.write(`[tijori tests] PostgreSQL started for this run (${new URL(server.url).port})\n`);
  project.provide('pgAdminUrl', server.url);
  return () => server.stop();
}
