/**
 * The post-incident review (NIST SP 800-61r3, "improve"): root cause, what worked, what to
 * improve, and actions with owners and due dates. Written once containment is behind (recovered,
 * closed or reviewed), edited as it matures; an action past its due date raises one alert.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/ist-date.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { AlertService } from '../monitoring/alert.service.js';
import type { IncidentText } from './incident-crypto.js';
import { lockIncident, type IncidentTimeline } from './incident-timeline.js';
import type { IncidentActor } from './incident.service.js';

export interface ReviewInput {
  rootCause: string;
  whatWorked: string;
  toImprove: string;
}

export interface ReviewView extends ReviewInput {
  createdAt: string;
  updatedAt: string;
}

export interface ReviewActionView {
  id: string;
  description: string;
  ownerUserId: string;
  dueOn: string;
  status: 'open' | 'done';
  doneAt: string | null;
  overdue: boolean;
}

const REVIEWABLE = new Set(['recovered', 'closed', 'reviewed']);
const FIELDS = [
  ['rootCause', 'root_cause_enc'],
  ['whatWorked', 'what_worked_enc'],
  ['toImprove', 'to_improve_enc'],
] as const;

export class ReviewService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      text: IncidentText;
      timeline: IncidentTimeline;
      alerts: AlertService;
    },
  ) {}

  async save(actor: IncidentActor, incidentId: string, input: ReviewInput): Promise<ReviewView> {
    await this.change(actor, incidentId, 'review', async (trx, now) => {
      const sealed = Object.fromEntries(
        await Promise.all(
          FIELDS.map(async ([field, column]) => [
            column,
            await this.deps.text.seal(
              { tenantId: actor.tenantId, table: 'incident_reviews', column, rowId: incidentId },
              input[field],
              trx,
            ),
          ]),
        ),
      ) as Record<(typeof FIELDS)[number][1], string>;
      await trx
        .insertInto('incident_reviews')
        .values({
          tenant_id: actor.tenantId,
          incident_id: incidentId,
          ...sealed,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'incident_id']).doUpdateSet({ ...sealed, updated_at: now }),
        )
        .execute();
      return { lengths: FIELDS.map(([f]) => String(input[f].length)) };
    });
    const review = (await this.get(actor, incidentId)).review;
    if (review === null) throw notFound('review');
    return review;
  }

  async addAction(
    actor: IncidentActor,
    incidentId: string,
    input: { description: string; ownerUserId: string; dueOn: string },
  ): Promise<string> {
    if (input.dueOn < istDateOf(this.deps.clock.now())) throw invalid('dueOn', 'must be today or later');
    const id = newId();
    await this.change(actor, incidentId, 'review_action', async (trx, now) => {
      const owner = await trx
        .selectFrom('users')
        .select('status')
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', input.ownerUserId)
        .executeTakeFirst();
      if (owner?.status !== 'active') throw invalid('ownerUserId', 'must be an active user of this business');
      await trx
        .insertInto('incident_review_actions')
        .values({
          tenant_id: actor.tenantId,
          id,
          incident_id: incidentId,
          description_enc: await this.deps.text.seal(
            {
              tenantId: actor.tenantId,
              table: 'incident_review_actions',
              column: 'description_enc',
              rowId: id,
            },
            input.description,
            trx,
          ),
          owner_user_id: input.ownerUserId,
          due_on: input.dueOn,
          status: 'open',
          done_at: null,
          overdue_alerted_at: null,
          created_at: now,
        })
        .execute();
      return { actionId: id, ownerUserId: input.ownerUserId, dueOn: input.dueOn };
    });
    return id;
  }

  async completeAction(actor: IncidentActor, incidentId: string, actionId: string): Promise<void> {
    await this.change(actor, incidentId, 'review_action_done', async (trx, now) => {
      const result = await trx
        .updateTable('incident_review_actions')
        .set({ status: 'done', done_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('incident_id', '=', incidentId)
        .where('id', '=', actionId)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('open action');
      return { actionId };
    });
  }

  async get(
    actor: Pick<IncidentActor, 'tenantId'>,
    incidentId: string,
  ): Promise<{ review: ReviewView | null; actions: ReviewActionView[] }> {
    const { db, text } = this.deps;
    await lockIncident(db, actor.tenantId, incidentId);
    const row = await db
      .selectFrom('incident_reviews')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    const open = (column: string, value: string) =>
      text.open({ tenantId: actor.tenantId, table: 'incident_reviews', column, rowId: incidentId }, value);
    const review =
      row === undefined
        ? null
        : {
            rootCause: (await open('root_cause_enc', row.root_cause_enc)) ?? '',
            whatWorked: (await open('what_worked_enc', row.what_worked_enc)) ?? '',
            toImprove: (await open('to_improve_enc', row.to_improve_enc)) ?? '',
            createdAt: row.created_at,
            updatedAt: row.updated_at,
          };
    const today = istDateOf(this.deps.clock.now());
    const actions = await db
      .selectFrom('incident_review_actions')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('incident_id', '=', incidentId)
      .orderBy('due_on')
      .orderBy('created_at')
      .execute();
    return {
      review,
      actions: await Promise.all(
        actions.map(async (a) => ({
          id: a.id,
          description:
            (await text.open(
              {
                tenantId: actor.tenantId,
                table: 'incident_review_actions',
                column: 'description_enc',
                rowId: a.id,
              },
              a.description_enc,
            )) ?? '',
          ownerUserId: a.owner_user_id,
          dueOn: a.due_on,
          status: a.status,
          doneAt: a.done_at,
          overdue: a.status === 'open' && a.due_on < today,
        })),
      ),
    };
  }

  /** One alert per open action past its due date (the watch job). */
  async alertOverdueActions(): Promise<number> {
    const today = istDateOf(this.deps.clock.now());
    const due = await this.deps.db
      .selectFrom('incident_review_actions')
      .select(['tenant_id', 'id', 'incident_id', 'owner_user_id', 'due_on'])
      .where('status', '=', 'open')
      .where('due_on', '<', today)
      .where('overdue_alerted_at', 'is', null)
      .execute();
    for (const action of due) {
      const at = this.deps.clock.now().toISOString();
      await this.deps.alerts.raise({
        tenantId: action.tenant_id,
        detector: 'incident_action_overdue',
        severity: 'low',
        subjectType: 'incident',
        subjectId: `${action.incident_id}:action:${action.id}`,
        details: {
          incidentId: action.incident_id,
          actionId: action.id,
          ownerUserId: action.owner_user_id,
          dueOn: action.due_on,
        },
        at,
      });
      await this.deps.db
        .updateTable('incident_review_actions')
        .set({ overdue_alerted_at: at })
        .where('tenant_id', '=', action.tenant_id)
        .where('id', '=', action.id)
        .execute();
    }
    return due.length;
  }

  /** One change to the review, with its timeline event and audit entry, the incident locked. */
  private async change(
    actor: IncidentActor,
    incidentId: string,
    step: string,
    write: (trx: Kysely<Database>, now: string) => Promise<Record<string, string | readonly string[]>>,
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const incident = await lockIncident(trx, actor.tenantId, incidentId);
      if (!REVIEWABLE.has(incident.status))
        throw new AppError('conflict', 'review an incident once it is recovered or closed');
      const now = this.deps.clock.now().toISOString();
      const details = await write(trx, now);
      await this.deps.timeline.append(trx, actor.audit, incidentId, now, { kind: step, details });
      await this.deps.audit.record(trx, actor.audit, {
        action: `incident.${step}`,
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details,
      });
    });
  }
}
