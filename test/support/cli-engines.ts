/**
 * CLI suites on both engines. Each installation is a fresh data folder and, on PostgreSQL, a new
 * empty database on the run's server named by `TIJORI_DATABASE_URL` in `env` (the CLI migrates it,
 * as it creates `tijori.db` in the folder on SQLite). Suite names carry `[sqlite]` or `[postgres]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { buildConfig, type Config } from '../../src/config/config.js';
import { testArgon2Config } from './argon2-cost.js';
import type { ConfigKey } from '../../src/config/config.schema.js';
import { openDatabase, sqlitePathFor, type DatabaseHandle, type Engine } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from './engines.js';
import { selectedEngines } from './test-env.js';

export interface CliInstallation {
  readonly engine: Engine;
  /** The data folder, not created yet (`tijori init` creates it). */
  readonly dataDir: string;
  /** Environment for `runTijori`/`spawnTijori`: the database URL on PostgreSQL, nothing on SQLite. */
  readonly env: Readonly<Record<string, string>>;
  /** The configuration the CLI builds for this installation, with `values` added. */
  config(values?: Partial<Record<ConfigKey, unknown>>): Config;
  /** Opens the installation's database; the caller closes it. */
  open(): DatabaseHandle;
}

/** Makes installations for one engine under `root`, and removes their databases in `dispose`. */
export function cliInstallations(engine: Engine, root: string) {
  const databases: TestDatabase[] = [];
  let count = 0;
  return {
    async create(name = `shop-${String((count += 1))}`): Promise<CliInstallation> {
      const dataDir = join(root, name);
      let url: string | undefined;
      if (engine === 'postgres') {
        const database = await createTestDatabase('postgres');
        databases.push(database);
        url = database.location.url;
      }
      const env: Record<string, string> = url === undefined ? {} : { TIJORI_DATABASE_URL: url };
      return {
        engine,
        dataDir,
        env,
        config: (values = {}) =>
          buildConfig({
            dataDir,
            ...testArgon2Config,
            ...(url === undefined ? {} : { databaseUrl: url }),
            ...values,
          }),
        open: () => openDatabase(url === undefined ? { sqlitePath: sqlitePathFor(dataDir) } : { url }),
      };
    },
    async dispose(): Promise<void> {
      for (const database of databases.splice(0)) await database.close();
    },
  };
}

/**
 * Declares `title [engine]` suites for each selected engine. `body` gets `install(name?)`, which
 * makes a new installation (call it in hooks or tests), and a folder for the suite's other files.
 */
export function describeCliEachEngine(
  title: string,
  body: (install: (name?: string) => Promise<CliInstallation>, engine: Engine, root: string) => void,
): void {
  for (const engine of selectedEngines()) {
    describe(`${title} [${engine}]`, () => {
      const root = mkdtempSync(join(tmpdir(), `tijori-cli-${engine}-`));
      const installations = cliInstallations(engine, root);
      afterAll(async () => {
        await installations.dispose();
        rmSync(root, { recursive: true, force: true });
      });
      body((name) => installations.create(name), engine, root);
    });
  }
}
