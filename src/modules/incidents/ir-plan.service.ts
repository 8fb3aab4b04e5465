/**
 * The incident-response plan kept in the app: contacts, roles and playbooks per category, with a
 * review date. Saving is a review (the version goes up and the date is recorded); the contents
 * are encrypted (contacts are staff personal data). When the review date passes, one alert is
 * raised per review date.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/ist-date.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { AlertService } from '../monitoring/alert.service.js';
import type { IncidentText } from './incident-crypto.js';
import type { IncidentActor } from './incident.service.js';
import { starterPlan, type PlanContent } from './ir-plan.defaults.js';
import type { NoticeContact } from './notice-drafts.js';

export interface PlanView {
  content: PlanContent;
  version: number;
  reviewBy: string;
  reviewedAt: string | null;
  overdue: boolean;
  /** False while the shop still looks at the starter plan. */
  saved: boolean;
}

const MAX_REVIEW_DAYS = 2 * 366;
/** Who answers for the shop in notices, in order of preference. */
const contactPreference = ['grievance_officer', 'incident_lead', 'owner'];

export class IncidentPlanService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      text: IncidentText;
      alerts: AlertService;
    },
  ) {}

  async get(actor: Pick<IncidentActor, 'tenantId'>): Promise<PlanView> {
    const row = await this.row(actor.tenantId);
    const today = istDateOf(this.deps.clock.now());
    if (row === undefined)
      return {
        content: starterPlan,
        version: 0,
        reviewBy: today,
        reviewedAt: null,
        overdue: false,
        saved: false,
      };
    const content = JSON.parse(
      (await this.deps.text.open(this.place(actor.tenantId), row.content_enc)) ?? '{}',
    ) as PlanContent;
    return {
      content,
      version: Number(row.version),
      reviewBy: row.review_by,
      reviewedAt: row.reviewed_at,
      overdue: row.review_by < today,
      saved: true,
    };
  }

  /** Saves the plan as reviewed now, to be reviewed again by `reviewBy` (an IST date). */
  async save(actor: IncidentActor, content: PlanContent, reviewBy: string): Promise<PlanView> {
    const now = this.deps.clock.now();
    const today = istDateOf(now);
    const latest = istDateOf(new Date(now.getTime() + MAX_REVIEW_DAYS * 86_400_000));
    if (reviewBy <= today) throw invalid('reviewBy', 'must be a date after today');
    if (reviewBy > latest) throw invalid('reviewBy', 'review the plan at least every two years');
    const sealed = await this.deps.text.seal(this.place(actor.tenantId), JSON.stringify(content));
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.row(actor.tenantId, trx);
      const version = Number(before?.version ?? 0) + 1;
      const values = {
        content_enc: sealed,
        version,
        review_by: reviewBy,
        reviewed_at: now.toISOString(),
        updated_by: actor.userId,
        updated_at: now.toISOString(),
        overdue_alerted_for: null,
      };
      await trx
        .insertInto('incident_plans')
        .values({ tenant_id: actor.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.plan.update',
        objectType: 'incident_plan',
        objectId: actor.tenantId,
        outcome: 'success',
        details: {
          version,
          reviewBy,
          contacts: content.contacts.length,
          playbooks: content.playbooks.length,
        },
      });
    });
    return this.get(actor);
  }

  /** The person notices name as the shop's contact. */
  async contact(tenantId: string): Promise<NoticeContact | null> {
    const plan = await this.get({ tenantId });
    for (const role of contactPreference) {
      const found = plan.content.contacts.find((c) => c.role === role);
      if (found !== undefined) return found;
    }
    return plan.content.contacts[0] ?? null;
  }

  /** Raises one alert per tenant whose plan is past its review date (the watch job). */
  async alertOverdue(): Promise<number> {
    const today = istDateOf(this.deps.clock.now());
    const due = await this.deps.db
      .selectFrom('incident_plans')
      .select(['tenant_id', 'review_by'])
      .where('review_by', '<', today)
      .where((eb) =>
        eb.or([eb('overdue_alerted_for', 'is', null), eb('overdue_alerted_for', '!=', eb.ref('review_by'))]),
      )
      .execute();
    for (const plan of due) {
      await this.deps.alerts.raise({
        tenantId: plan.tenant_id,
        detector: 'incident_plan_overdue',
        severity: 'medium',
        subjectType: 'plan',
        subjectId: plan.tenant_id,
        details: { reviewBy: plan.review_by },
        at: this.deps.clock.now().toISOString(),
      });
      await this.deps.db
        .updateTable('incident_plans')
        .set({ overdue_alerted_for: plan.review_by })
        .where('tenant_id', '=', plan.tenant_id)
        .execute();
    }
    return due.length;
  }

  private place(tenantId: string) {
    return { tenantId, table: 'incident_plans', column: 'content_enc', rowId: tenantId };
  }

  private row(tenantId: string, db: Kysely<Database> = this.deps.db) {
    return db.selectFrom('incident_plans').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  }
}
