/**
 * A drill's evidence, kept as its incident moves: containment sets the time to contain (from the
 * drill's start), closing completes the drill, and every message the drill would have sent is
 * counted. Called inside the transaction that moves the incident.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IncidentStatus, IncidentsTable } from '../../db/tables/incidents.tables.js';

export async function recordDrillProgress(
  trx: Kysely<Database>,
  incident: IncidentsTable,
  to: IncidentStatus,
  at: string,
): Promise<void> {
  const drill = await trx
    .selectFrom('incident_drills')
    .select(['id', 'started_at'])
    .where('tenant_id', '=', incident.tenant_id)
    .where('incident_id', '=', incident.id)
    .executeTakeFirst();
  if (drill === undefined) return;
  const started = Date.parse(drill.started_at ?? incident.aware_at);
  if (to === 'contained')
    await trx
      .updateTable('incident_drills')
      .set({ contained_at: at, time_to_contain_ms: Date.parse(at) - started })
      .where('tenant_id', '=', incident.tenant_id)
      .where('id', '=', drill.id)
      .execute();
  if (to === 'closed')
    await trx
      .updateTable('incident_drills')
      .set({ status: 'completed', completed_at: at })
      .where('tenant_id', '=', incident.tenant_id)
      .where('id', '=', drill.id)
      .execute();
}

/** Counts messages a drill recorded instead of sending. */
export async function countWouldSend(
  trx: Kysely<Database>,
  tenantId: string,
  incidentId: string,
  messages: number,
): Promise<void> {
  if (messages === 0) return;
  await trx
    .updateTable('incident_drills')
    .set({ would_send: sql<number>`would_send + ${messages}` })
    .where('tenant_id', '=', tenantId)
    .where('incident_id', '=', incidentId)
    .execute();
}
