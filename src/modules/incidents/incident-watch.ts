/**
 * The `incident-watch` job, every minute on one instance: raises an alert when a regulatory clock
 * of an open incident reaches half, then 90% of its time, and when it lapses (each once; several
 * stages reached at once raise only the loudest), and puts each warning on the incident's
 * timeline. A drill's warnings go to its timeline only: a drill sends nothing outside. It also
 * starts scheduled drills, and alerts once about an overdue plan review or review action.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IncidentsTable } from '../../db/tables/incidents.tables.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { systemContext } from '../../kernel/audit.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import type { AlertService } from '../monitoring/alert.service.js';
import type { DrillService } from './drill.service.js';
import { lockIncident, type IncidentTimeline } from './incident-timeline.js';
import { incidentReference, noticeFacts, parseList } from './incident.views.js';
import type { IncidentPlanService } from './ir-plan.service.js';
import { clockStages, reachedStages, regulatoryClocks, type ClockState } from './regulatory-clocks.js';
import type { ReviewService } from './review.service.js';

const JOB = 'incident-watch';

export interface WatchDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  alerts: AlertService;
  timeline: IncidentTimeline;
  plan: IncidentPlanService;
  reviews: ReviewService;
  drills: DrillService;
}

export class IncidentWatch {
  constructor(private readonly deps: WatchDeps) {}

  /** One pass; returns how many clock warnings were raised. */
  async run(): Promise<number> {
    await this.deps.drills.startDue();
    const open = await this.deps.db
      .selectFrom('incidents')
      .selectAll()
      .where('status', 'not in', ['closed', 'reviewed'])
      .execute();
    let warnings = 0;
    for (const incident of open) warnings += await this.watchClocks(incident);
    await this.deps.plan.alertOverdue();
    await this.deps.reviews.alertOverdueActions();
    return warnings;
  }

  private async watchClocks(incident: IncidentsTable): Promise<number> {
    const { db } = this.deps;
    const now = this.deps.clock.now();
    const notices = (await noticeFacts(db, incident.tenant_id, [incident.id])).get(incident.id) ?? [];
    const clocks = regulatoryClocks(
      {
        awareAt: incident.aware_at,
        euAffected: incident.eu_affected === 1,
        dataCategories: parseList(incident.data_categories),
      },
      notices,
      now,
    );
    const raised = new Set(
      (
        await db
          .selectFrom('incident_clock_alerts')
          .select(['clock', 'stage'])
          .where('tenant_id', '=', incident.tenant_id)
          .where('incident_id', '=', incident.id)
          .execute()
      ).map((r) => `${r.clock}:${r.stage}`),
    );
    let warnings = 0;
    for (const clock of clocks) {
      const fresh = reachedStages(clock, now).filter((s) => !raised.has(`${clock.clock}:${s}`));
      const loudest = clockStages.filter((s) => fresh.includes(s.stage)).at(-1);
      if (loudest === undefined) continue;
      await this.warn(incident, clock, fresh, loudest);
      warnings += 1;
    }
    return warnings;
  }

  private async warn(
    incident: IncidentsTable,
    clock: ClockState,
    stages: readonly string[],
    loudest: (typeof clockStages)[number],
  ): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const drill = incident.drill === 1;
    const details = {
      incidentId: incident.id,
      reference: incidentReference(Number(incident.number)),
      clock: clock.clock,
      stage: loudest.stage,
      deadline: clock.deadline,
    };
    // The alert commits on its own (it may fold into an earlier one); a crash before the
    // stage is recorded raises it again, which folds into the same alert.
    const alert = drill
      ? null
      : await this.deps.alerts.raise({
          tenantId: incident.tenant_id,
          detector: 'incident_deadline',
          severity: loudest.severity,
          subjectType: 'incident',
          subjectId: `${incident.id}:${clock.clock}:${loudest.stage}`,
          details,
          at: now,
        });
    const ctx = systemContext(incident.tenant_id, JOB);
    await this.deps.db.transaction().execute(async (trx) => {
      await lockIncident(trx, incident.tenant_id, incident.id);
      await trx
        .insertInto('incident_clock_alerts')
        .values(
          stages.map((stage) => ({
            tenant_id: incident.tenant_id,
            incident_id: incident.id,
            clock: clock.clock,
            stage,
            raised_at: now,
            alert_id: alert?.id ?? null,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      const event = {
        clock: clock.clock,
        stage: loudest.stage,
        deadline: clock.deadline,
        alertId: alert?.id ?? null,
        drill,
      };
      await this.deps.timeline.append(trx, ctx, incident.id, now, { kind: 'clock_warning', details: event });
      await this.deps.audit.record(trx, ctx, {
        action: 'incident.clock.warning',
        objectType: 'incident',
        objectId: incident.id,
        outcome: 'success',
        details: event,
      });
    });
  }
}

/** The job definition for the shared runner. */
export function incidentWatchJob(watch: IncidentWatch): JobDefinition {
  return {
    name: JOB,
    intervalMs: 60_000,
    run: async () => {
      await watch.run();
    },
  };
}
