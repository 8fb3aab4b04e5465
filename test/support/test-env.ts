/** Test-run settings read from the environment: which engines to run, and an external PostgreSQL. */
import type { Engine } from '../../src/db/database.js';

/** `TIJORI_TEST_ENGINE=sqlite|postgres|all` (default all) selects the engines suites loop over. */
export function selectedEngines(): Engine[] {
  const choice = (process.env.TIJORI_TEST_ENGINE ?? 'all').toLowerCase();
  if (choice === 'sqlite') return ['sqlite'];
  if (choice === 'postgres' || choice === 'pg') return ['postgres'];
  if (choice === 'all') return ['sqlite', 'postgres'];
  throw new Error(`TIJORI_TEST_ENGINE must be sqlite, postgres or all (got ${choice})`);
}

export function externalPostgresUrl(): string | undefined {
  const url = process.env.TIJORI_TEST_PG_URL;
  return url === undefined || url === '' ? undefined : url;
}
