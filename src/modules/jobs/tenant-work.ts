/**
 * A job's work per business (ADR 0064): the businesses are chosen in the system scope (the
 * scheduler sees every business), and each business's unit of work runs in its tenant scope, so
 * on PostgreSQL row-level security holds it to that business's rows as it holds a request. A
 * suspended business's jobs do not run: its reminders, stock and khata jobs, scheduled backups
 * and key rotations wait until the operator resumes it (docs/hosted.md lists the jobs that keep
 * running: audit integrity, privacy deadlines and retention, incidents, erasure).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { asSystem, asTenant } from '../../db/tenant-scope.js';

/** The businesses whose jobs run now (every business that is not suspended), in id order. */
export async function activeTenantIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await asSystem('jobs: choosing businesses', () =>
    db.selectFrom('tenants').select('id').where('status', '=', 'active').orderBy('id').execute(),
  );
  return rows.map((r) => r.id);
}

/** Whether a business's jobs may run (false for a suspended or unknown business). */
export async function tenantJobsMayRun(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await asSystem('jobs: business status', () =>
    db.selectFrom('tenants').select('status').where('id', '=', tenantId).executeTakeFirst(),
  );
  return row?.status === 'active';
}

/** Runs `work` once per active business, each in that business's tenant scope, one after another. */
export async function forEachActiveTenant(
  db: Kysely<Database>,
  work: (tenantId: string) => Promise<unknown>,
): Promise<void> {
  for (const tenantId of await activeTenantIds(db)) await asTenant(tenantId, () => work(tenantId));
}
