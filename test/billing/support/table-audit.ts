/**
 * An AuditRecorder for billing tests that writes each entry into a real table of the test
 * database, inside the caller's transaction: tests can then see that an entry commits (or rolls
 * back) with the change it records. The audit module's own recorder replaces it in the product.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import { newId } from '../../../src/domain/ids.js';
import type { AuditRecorder } from '../../../src/kernel/audit.js';

export interface RecordedEntry {
  tenant_id: string;
  id: string;
  action: string;
  object_type: string;
  object_id: string | null;
  outcome: string;
  actor_type: string;
  details: string;
}

export async function createAuditTable(db: Kysely<Database>): Promise<void> {
  await sql`create table if not exists test_audit_entries (
    tenant_id text not null, id text not null, action text not null, object_type text not null,
    object_id text, outcome text not null, actor_type text not null, details text not null,
    primary key (tenant_id, id))`.execute(db);
}

export const tableAuditRecorder: AuditRecorder = {
  async record(trx, context, event) {
    await sql`insert into test_audit_entries
      (tenant_id, id, action, object_type, object_id, outcome, actor_type, details)
      values (${context.tenantId}, ${newId()}, ${event.action}, ${event.objectType}, ${event.objectId ?? null},
        ${event.outcome}, ${context.actor.type}, ${JSON.stringify(event.details ?? {})})`.execute(trx);
  },
};

export async function auditEntries(
  db: Kysely<Database>,
  tenantId: string,
  action?: string,
): Promise<RecordedEntry[]> {
  const rows =
    await sql<RecordedEntry>`select * from test_audit_entries where tenant_id = ${tenantId}`.execute(db);
  return rows.rows.filter((r) => action === undefined || r.action === action);
}
