/**
 * Incidents: opened by hand, from an alert or a security report, or by a drill; edited; moved
 * through the state machine (detected -> triaged -> contained -> eradicated -> recovered ->
 * closed -> reviewed); annotated. Every change appends to the timeline and to the audit trail in
 * the same transaction, with the incident's row locked.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IncidentStatus, IncidentsTable } from '../../db/tables/incidents.tables.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { isUniqueViolation } from '../billing/db-errors.js';
import { checkTransition } from './incident-categories.js';
import { checkTitle, type IncidentText } from './incident-crypto.js';
import { lockIncident, type IncidentTimeline, type TimelineEvent } from './incident-timeline.js';
import type { IncidentInput, IncidentPatch } from './incident.schemas.js';
import { affectedSummary, incidentView, noticeFacts, type IncidentView } from './incident.views.js';
import { recordDrillProgress } from './drill-progress.js';

export type IncidentActor = ServiceActor;

/** Where an incident came from, besides a person opening it. */
export interface IncidentOrigin {
  alertId?: string;
  reportId?: string;
  detectedAt?: string;
  drill?: boolean;
}

export interface IncidentDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  text: IncidentText;
  timeline: IncidentTimeline;
}

const FUTURE_SLACK_MS = 5 * 60_000;

export class IncidentService {
  constructor(private readonly deps: IncidentDeps) {}

  /** Opens an incident; `within` lets a promotion or a drill open it in its own transaction. */
  async create(
    actor: IncidentActor,
    input: IncidentInput,
    origin: IncidentOrigin = {},
    within?: Kysely<Database>,
  ): Promise<string> {
    const { db, clock } = this.deps;
    const title = checkTitle(input.title);
    const awareAt = this.checkAwareness(input.awareAt);
    if (within === undefined) await this.checkPeople(db, actor.tenantId, input);
    const id = newId();
    const write = async (trx: Kysely<Database>) => {
      if (within !== undefined) await this.checkPeople(trx, actor.tenantId, input);
      const last = await trx
        .selectFrom('incidents')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('tenant_id', '=', actor.tenantId)
        .executeTakeFirst();
      const now = clock.now().toISOString();
      await trx
        .insertInto('incidents')
        .values({
          tenant_id: actor.tenantId,
          id,
          number: Number(last?.n ?? 0) + 1,
          title,
          category: input.category,
          severity: input.severity,
          status: 'detected',
          drill: origin.drill === true ? 1 : 0,
          aware_at: awareAt,
          detected_at: origin.detectedAt ?? null,
          owner_user_id: input.ownerUserId ?? null,
          store_ids: JSON.stringify(input.storeIds ?? []),
          data_categories: JSON.stringify(input.dataCategories ?? []),
          eu_affected: input.euAffected === true ? 1 : 0,
          description_enc: null,
          source_alert_id: origin.alertId ?? null,
          source_report_id: origin.reportId ?? null,
          contained_at: null,
          closed_at: null,
          reviewed_at: null,
          resolution: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      if (input.description !== undefined)
        await this.saveDescription(trx, actor.tenantId, id, input.description);
      await this.deps.timeline.append(trx, actor.audit, id, now, {
        kind: 'created',
        details: {
          category: input.category,
          severity: input.severity,
          awareAt,
          ...(origin.alertId === undefined ? {} : { alertId: origin.alertId }),
          ...(origin.reportId === undefined ? {} : { reportId: origin.reportId }),
          drill: origin.drill === true,
        },
      });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.create',
        objectType: 'incident',
        objectId: id,
        outcome: 'success',
        details: {
          category: input.category,
          severity: input.severity,
          drill: origin.drill === true,
          source:
            origin.alertId !== undefined ? 'alert' : origin.reportId !== undefined ? 'report' : 'manual',
        },
      });
    };
    if (within !== undefined) await write(within);
    else
      // Two instances numbering at once: the loser of the unique number retries with the next one.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await db.transaction().execute(write);
          break;
        } catch (error) {
          if (isUniqueViolation(error, 'source_'))
            throw new AppError('conflict', 'this alert or report is already an incident');
          if (attempt >= 3 || !isUniqueViolation(error, 'number')) throw error;
        }
      }
    return id;
  }

  async update(actor: IncidentActor, incidentId: string, patch: IncidentPatch): Promise<IncidentView> {
    await this.checkPeople(this.deps.db, actor.tenantId, patch);
    const changes: Partial<IncidentsTable> = {};
    if (patch.title !== undefined) changes.title = checkTitle(patch.title);
    if (patch.category !== undefined) changes.category = patch.category;
    if (patch.severity !== undefined) changes.severity = patch.severity;
    if (patch.awareAt !== undefined) changes.aware_at = this.checkAwareness(patch.awareAt);
    if (patch.ownerUserId !== undefined) changes.owner_user_id = patch.ownerUserId;
    if (patch.storeIds !== undefined) changes.store_ids = JSON.stringify(patch.storeIds);
    if (patch.dataCategories !== undefined) changes.data_categories = JSON.stringify(patch.dataCategories);
    if (patch.euAffected !== undefined) changes.eu_affected = patch.euAffected ? 1 : 0;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await lockIncident(trx, actor.tenantId, incidentId);
      const now = this.deps.clock.now().toISOString();
      await trx
        .updateTable('incidents')
        .set({ ...changes, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', incidentId)
        .execute();
      if (patch.description !== undefined)
        await this.saveDescription(trx, actor.tenantId, incidentId, patch.description);
      const fields = Object.keys(patch).sort();
      await this.deps.timeline.append(trx, actor.audit, incidentId, now, {
        kind: 'updated',
        details: {
          fields,
          ...(changes.severity === undefined ? {} : { severity: changes.severity }),
          ...(changes.aware_at === undefined
            ? {}
            : { awareAtBefore: before.aware_at, awareAt: changes.aware_at }),
        },
      });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.update',
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details: { fields },
      });
    });
    return this.get(actor, incidentId);
  }

  /** Moves the incident one step on; closing needs every reporting clock settled. */
  async transition(
    actor: IncidentActor,
    incidentId: string,
    request: { to: IncidentStatus; note?: string; resolution?: 'resolved' | 'false_positive' },
  ): Promise<IncidentView> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await lockIncident(trx, actor.tenantId, incidentId);
      const resolution = checkTransition(row.status, request.to, request.resolution);
      const now = this.deps.clock.now().toISOString();
      if (request.to === 'closed' && resolution === 'resolved') await this.checkClocksSettled(trx, row);
      if (request.to === 'reviewed') await this.checkReviewed(trx, row);
      await trx
        .updateTable('incidents')
        .set({
          status: request.to,
          updated_at: now,
          ...(request.to === 'contained' ? { contained_at: now } : {}),
          ...(request.to === 'closed' ? { closed_at: now, resolution } : {}),
          ...(request.to === 'reviewed' ? { reviewed_at: now } : {}),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', incidentId)
        .execute();
      if (row.drill === 1) await recordDrillProgress(trx, row, request.to, now);
      await this.deps.timeline.append(trx, actor.audit, incidentId, now, {
        kind: 'status',
        details: { from: row.status, to: request.to, ...(resolution === null ? {} : { resolution }) },
        note: request.note ?? null,
      });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.status',
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details: { from: row.status, to: request.to, drill: row.drill === 1 },
      });
    });
    return this.get(actor, incidentId);
  }

  async addNote(actor: IncidentActor, incidentId: string, note: string): Promise<number> {
    return this.deps.db.transaction().execute(async (trx) => {
      await lockIncident(trx, actor.tenantId, incidentId);
      const now = this.deps.clock.now().toISOString();
      const seq = await this.deps.timeline.append(trx, actor.audit, incidentId, now, { kind: 'note', note });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.note',
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details: { seq, length: note.length },
      });
      return seq;
    });
  }

  async get(actor: Pick<IncidentActor, 'tenantId'>, incidentId: string): Promise<IncidentView> {
    const row = await lockIncident(this.deps.db, actor.tenantId, incidentId);
    const notices = await noticeFacts(this.deps.db, actor.tenantId, [incidentId]);
    const affected = await affectedSummary(this.deps.db, actor.tenantId, incidentId);
    return incidentView(row, notices.get(incidentId) ?? [], affected, this.deps.clock.now());
  }

  /** The timeline, oldest first, notes decrypted. */
  async events(actor: Pick<IncidentActor, 'tenantId'>, incidentId: string): Promise<TimelineEvent[]> {
    await lockIncident(this.deps.db, actor.tenantId, incidentId);
    return this.deps.timeline.list(this.deps.db, actor.tenantId, incidentId);
  }

  /** The decrypted description (shown on the incident page). */
  async description(actor: Pick<IncidentActor, 'tenantId'>, incidentId: string): Promise<string | null> {
    const row = await lockIncident(this.deps.db, actor.tenantId, incidentId);
    return this.deps.text.open(this.place(actor.tenantId, incidentId), row.description_enc);
  }

  async list(
    actor: Pick<IncidentActor, 'tenantId'>,
    filter: { status?: IncidentStatus; open?: boolean; drill?: boolean; beforeNumber?: number },
    limit: number,
  ): Promise<IncidentView[]> {
    let q = this.deps.db.selectFrom('incidents').selectAll().where('tenant_id', '=', actor.tenantId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.open !== undefined)
      q = q.where('status', filter.open ? 'not in' : 'in', ['closed', 'reviewed']);
    if (filter.drill !== undefined) q = q.where('drill', '=', filter.drill ? 1 : 0);
    if (filter.beforeNumber !== undefined) q = q.where('number', '<', filter.beforeNumber);
    const rows = await q.orderBy('number', 'desc').limit(limit).execute();
    const notices = await noticeFacts(
      this.deps.db,
      actor.tenantId,
      rows.map((r) => r.id),
    );
    const now = this.deps.clock.now();
    return Promise.all(
      rows.map(async (r) =>
        incidentView(
          { ...r, number: Number(r.number) },
          notices.get(r.id) ?? [],
          await affectedSummary(this.deps.db, actor.tenantId, r.id),
          now,
        ),
      ),
    );
  }

  private place(tenantId: string, incidentId: string) {
    return { tenantId, table: 'incidents', column: 'description_enc', rowId: incidentId };
  }

  private async saveDescription(
    trx: Kysely<Database>,
    tenantId: string,
    incidentId: string,
    description: string | null,
  ): Promise<void> {
    const sealed =
      description === null
        ? null
        : await this.deps.text.seal(this.place(tenantId, incidentId), description, trx);
    await trx
      .updateTable('incidents')
      .set({ description_enc: sealed })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', incidentId)
      .execute();
  }

  /** The moment of awareness as a UTC instant; it cannot lie in the future. */
  private checkAwareness(given: string): string {
    const at = new Date(given);
    if (at.getTime() > this.deps.clock.now().getTime() + FUTURE_SLACK_MS)
      throw invalid('awareAt', 'the moment of awareness cannot be in the future');
    return at.toISOString();
  }

  /** The owner must be an active user and the stores the tenant's own. */
  private async checkPeople(
    db: Kysely<Database>,
    tenantId: string,
    input: { ownerUserId?: string | null; storeIds?: readonly string[] },
  ): Promise<void> {
    if (input.ownerUserId !== undefined && input.ownerUserId !== null) {
      const owner = await db
        .selectFrom('users')
        .select('status')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', input.ownerUserId)
        .executeTakeFirst();
      if (owner?.status !== 'active') throw invalid('ownerUserId', 'must be an active user of this business');
    }
    const stores = [...new Set(input.storeIds ?? [])];
    if (stores.length > 0) {
      const found = await db
        .selectFrom('stores')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', stores)
        .execute();
      if (found.length !== stores.length) throw invalid('storeIds', 'must be stores of this business');
    }
  }

  private async checkClocksSettled(trx: Kysely<Database>, row: IncidentsTable): Promise<void> {
    const view = incidentView(
      row,
      (await noticeFacts(trx, row.tenant_id, [row.id])).get(row.id) ?? [],
      { customers: 0, categories: {} },
      this.deps.clock.now(),
    );
    const open = view.clocks
      .filter((c) => c.status === 'running' || c.status === 'lapsed')
      .map((c) => c.clock);
    if (open.length > 0)
      throw new AppError(
        'precondition_failed',
        'record each regulatory notice as sent or not required before closing',
        undefined,
        { openClocks: open },
      );
  }

  private async checkReviewed(trx: Kysely<Database>, row: IncidentsTable): Promise<void> {
    const review = await trx
      .selectFrom('incident_reviews')
      .select('incident_id')
      .where('tenant_id', '=', row.tenant_id)
      .where('incident_id', '=', row.id)
      .executeTakeFirst();
    if (review === undefined)
      throw new AppError('precondition_failed', 'write the post-incident review first', undefined, {
        reason: 'review_missing',
      });
  }
}
