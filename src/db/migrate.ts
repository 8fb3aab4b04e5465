/** Applies pending migrations (at startup and by `tijori migrate`) and reports their state. */
import { Migrator, type Migration, type MigrationResult } from 'kysely';
import type { DatabaseHandle } from './database.js';
import { migrationFactories } from './migrations/registry.js';
import { installTenantPolicies } from './tenant-policies.js';

/**
 * `schema`: on PostgreSQL, keep the migration bookkeeping in this schema (a test restore builds a
 * copy in a temporary schema beside the live tables; Kysely would otherwise find the live
 * bookkeeping tables in another schema and take them for the copy's).
 */
function createMigrator(handle: DatabaseHandle, schema?: string): Migrator {
  const migrations: Record<string, Migration> = {};
  for (const [name, factory] of migrationFactories) migrations[name] = factory(handle.engine);
  return new Migrator({
    db: handle.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string | undefined,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Runs every pending migration in order; returns the names applied. */
export async function migrateToLatest(
  handle: DatabaseHandle,
  options: { schema?: string } = {},
): Promise<string[]> {
  const { error, results } = await createMigrator(handle, options.schema).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new MigrationError(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`,
      failed?.migrationName,
    );
  }
  if (handle.engine === 'postgres') await installTenantPolicies(handle.db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations that are known to this build but not applied to the database. */
export async function pendingMigrations(handle: DatabaseHandle): Promise<string[]> {
  const infos = await createMigrator(handle).getMigrations();
  return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
