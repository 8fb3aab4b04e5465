/**
 * Drills: scheduled (once or every N days) or started at once, each opening a drill incident from
 * a scenario and running through the same workflow, in drill mode: nothing is sent outside (every
 * message becomes a recorded would-send) and containment is simulated. The drill keeps its
 * evidence: when it started, time to contain, when it closed, how many messages it would have
 * sent. Due drills are started by the watch job.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IncidentDrillsTable } from '../../db/tables/incidents.tables.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { operatorActor } from '../../kernel/actor.js';
import { scenarioOf } from './drill-scenarios.js';
import type { IncidentActor, IncidentService } from './incident.service.js';

export interface DrillView {
  id: string;
  scenario: string;
  status: IncidentDrillsTable['status'];
  scheduledFor: string;
  repeatDays: number | null;
  incidentId: string | null;
  startedAt: string | null;
  containedAt: string | null;
  timeToContainMs: number | null;
  completedAt: string | null;
  wouldSend: number;
}

const view = (r: IncidentDrillsTable): DrillView => ({
  id: r.id,
  scenario: r.scenario,
  status: r.status,
  scheduledFor: r.scheduled_for,
  repeatDays: r.repeat_days === null ? null : Number(r.repeat_days),
  incidentId: r.incident_id,
  startedAt: r.started_at,
  containedAt: r.contained_at,
  timeToContainMs: r.time_to_contain_ms === null ? null : Number(r.time_to_contain_ms),
  completedAt: r.completed_at,
  wouldSend: Number(r.would_send),
});

const DAY = 86_400_000;

export class DrillService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      incidents: IncidentService;
    },
  ) {}

  /** Plans a drill (now when no time is given); `repeatDays` plans the next one at each start. */
  async schedule(
    actor: IncidentActor,
    input: { scenario: string; scheduledFor?: string; repeatDays?: number },
  ): Promise<DrillView> {
    if (scenarioOf(input.scenario) === undefined) throw invalid('scenario', 'unknown drill scenario');
    const now = this.deps.clock.now();
    const at = input.scheduledFor === undefined ? now : new Date(input.scheduledFor);
    if (at.getTime() < now.getTime() - 60_000) throw invalid('scheduledFor', 'cannot be in the past');
    const row: IncidentDrillsTable = {
      tenant_id: actor.tenantId,
      id: newId(),
      scenario: input.scenario,
      status: 'scheduled',
      scheduled_for: at.toISOString(),
      repeat_days: input.repeatDays ?? null,
      incident_id: null,
      started_at: null,
      contained_at: null,
      time_to_contain_ms: null,
      completed_at: null,
      would_send: 0,
      created_by: actor.userId,
      created_at: now.toISOString(),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('incident_drills').values(row).execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.drill.schedule',
        objectType: 'incident_drill',
        objectId: row.id,
        outcome: 'success',
        details: { scenario: row.scenario, scheduledFor: row.scheduled_for, repeatDays: row.repeat_days },
      });
    });
    return view(row);
  }

  /** Starts a scheduled drill now: opens its drill incident (aware now) and plans the next one. */
  async start(actor: IncidentActor, drillId: string): Promise<DrillView> {
    await this.deps.db.transaction().execute(async (trx) => {
      const drill = await this.load(trx, actor.tenantId, drillId);
      if (drill.status !== 'scheduled')
        throw new AppError('conflict', `the drill is already ${drill.status}`);
      const scenario = scenarioOf(drill.scenario);
      if (scenario === undefined) throw invalid('scenario', 'unknown drill scenario');
      const now = this.deps.clock.now();
      const incidentId = await this.deps.incidents.create(
        actor,
        {
          title: scenario.title,
          category: scenario.category,
          severity: scenario.severity,
          awareAt: now.toISOString(),
          description: scenario.description,
          dataCategories: scenario.dataCategories,
        },
        { drill: true },
        trx,
      );
      await trx
        .updateTable('incident_drills')
        .set({ status: 'running', started_at: now.toISOString(), incident_id: incidentId })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', drillId)
        .execute();
      if (drill.repeat_days !== null) {
        // The next one keeps the rhythm, but never lands in the past (a server that was off).
        const every = Number(drill.repeat_days) * DAY;
        const planned = Date.parse(drill.scheduled_for) + every;
        const next = new Date(planned > now.getTime() ? planned : now.getTime() + every);
        await trx
          .insertInto('incident_drills')
          .values({ ...drill, id: newId(), scheduled_for: next.toISOString(), created_at: now.toISOString() })
          .execute();
      }
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.drill.start',
        objectType: 'incident_drill',
        objectId: drillId,
        outcome: 'success',
        details: { scenario: drill.scenario, incidentId },
      });
    });
    return view(await this.load(this.deps.db, actor.tenantId, drillId));
  }

  async cancel(actor: IncidentActor, drillId: string): Promise<DrillView> {
    await this.deps.db.transaction().execute(async (trx) => {
      const drill = await this.load(trx, actor.tenantId, drillId);
      if (drill.status !== 'scheduled')
        throw new AppError('conflict', `the drill is already ${drill.status}`);
      await trx
        .updateTable('incident_drills')
        .set({ status: 'cancelled' })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', drillId)
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.drill.cancel',
        objectType: 'incident_drill',
        objectId: drillId,
        outcome: 'success',
      });
    });
    return view(await this.load(this.deps.db, actor.tenantId, drillId));
  }

  async list(actor: Pick<IncidentActor, 'tenantId'>): Promise<DrillView[]> {
    const rows = await this.deps.db
      .selectFrom('incident_drills')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .orderBy('scheduled_for', 'desc')
      .limit(200)
      .execute();
    return rows.map(view);
  }

  /** Starts every scheduled drill that is due (the watch job). */
  async startDue(): Promise<number> {
    const due = await this.deps.db
      .selectFrom('incident_drills')
      .select(['tenant_id', 'id'])
      .where('status', '=', 'scheduled')
      .where('scheduled_for', '<=', this.deps.clock.now().toISOString())
      .execute();
    for (const drill of due) await this.start(operatorActor(drill.tenant_id, 'job'), drill.id);
    return due.length;
  }

  private async load(db: Kysely<Database>, tenantId: string, drillId: string): Promise<IncidentDrillsTable> {
    const row = await db
      .selectFrom('incident_drills')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', drillId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('drill');
    return row;
  }
}
