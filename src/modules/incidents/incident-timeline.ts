/**
 * The incident timeline: append-only events, numbered 1, 2, 3 ... per incident, written in the
 * same transaction as what they record (the caller holds the incident's row lock, so numbers
 * never collide). Details hold ids, codes and counts; a staff note is encrypted. The database
 * refuses updates and deletes (only key rotation may re-encrypt a note in place).
 */
import type { Kysely } from 'kysely';
import { isSqlite } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { IncidentsTable } from '../../db/tables/incidents.tables.js';
import { notFound } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';
import { canonicalJson } from '../audit/audit-hash.js';
import type { AuditContext, AuditDetailValue } from '../../kernel/audit.js';
import type { IncidentText } from './incident-crypto.js';

export type EventDetails = Readonly<Record<string, AuditDetailValue>>;

export interface TimelineEvent {
  seq: number;
  at: string;
  actorType: string;
  actorId: string | null;
  kind: string;
  details: Record<string, unknown>;
  note: string | null;
}

/**
 * The incident's row, locked until the transaction ends (`FOR UPDATE` on PostgreSQL; SQLite's
 * `BEGIN IMMEDIATE` already admits one writer). Another tenant's id is not found.
 */
export async function lockIncident(
  trx: Kysely<Database>,
  tenantId: string,
  incidentId: string,
): Promise<IncidentsTable> {
  const query = trx
    .selectFrom('incidents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', incidentId);
  const row = await (isSqlite(trx) ? query : query.forUpdate()).executeTakeFirst();
  if (row === undefined) throw notFound('incident');
  return { ...row, number: Number(row.number) };
}

export class IncidentTimeline {
  constructor(private readonly text: IncidentText) {}

  /** Appends one event (call with the incident locked). */
  async append(
    trx: Kysely<Database>,
    ctx: AuditContext,
    incidentId: string,
    at: string,
    event: { kind: string; details?: EventDetails; note?: string | null },
  ): Promise<number> {
    const last = await trx
      .selectFrom('incident_events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('tenant_id', '=', ctx.tenantId)
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const id = newId();
    const note =
      event.note === undefined || event.note === null || event.note === ''
        ? null
        : await this.text.seal(
            { tenantId: ctx.tenantId, table: 'incident_events', column: 'note_enc', rowId: id },
            event.note,
            trx,
          );
    await trx
      .insertInto('incident_events')
      .values({
        tenant_id: ctx.tenantId,
        id,
        incident_id: incidentId,
        seq,
        at,
        actor_type: ctx.actor.type,
        actor_id: ctx.actor.id,
        kind: event.kind,
        details: canonicalJson({ ...event.details }),
        note_enc: note,
      })
      .execute();
    return seq;
  }

  /** Every event of an incident, oldest first, notes decrypted. */
  async list(db: Kysely<Database>, tenantId: string, incidentId: string): Promise<TimelineEvent[]> {
    const rows = await db
      .selectFrom('incident_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('incident_id', '=', incidentId)
      .orderBy('seq')
      .execute();
    return Promise.all(
      rows.map(async (r) => ({
        seq: Number(r.seq),
        at: r.at,
        actorType: r.actor_type,
        actorId: r.actor_id,
        kind: r.kind,
        details: JSON.parse(r.details) as Record<string, unknown>,
        note: await this.text.open(
          { tenantId, table: 'incident_events', column: 'note_enc', rowId: r.id },
          r.note_enc,
        ),
      })),
    );
  }
}
