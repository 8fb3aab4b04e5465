/**
 * The regulatory notices of an incident: a draft generated from the incident as recorded (again
 * whenever asked, until it is sent), edited by staff, then recorded as sent (when, and the
 * authority's acknowledgement) or as not required (why). Recording stops the notice's clock. In a
 * drill the notice is recorded as would-send. Each step is on the timeline and in the audit trail.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { NoticeAuthority, NoticeStatus } from '../../db/tables/incidents.tables.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { countWouldSend } from './drill-progress.js';
import type { IncidentText } from './incident-crypto.js';
import type { IncidentFacts } from './incident-facts.js';
import { lockIncident, type IncidentTimeline } from './incident-timeline.js';
import type { IncidentActor } from './incident.service.js';
import { draftNotice } from './notice-drafts.js';
import { clockDefinitions } from './regulatory-clocks.js';

/** Why a notice is not required. */
export const notRequiredReasons = [
  'no_personal_data',
  'no_eu_residents',
  'not_a_reportable_incident',
  'reported_by_another_party',
  'false_positive',
] as const;

export interface NoticeView {
  authority: NoticeAuthority;
  status: NoticeStatus;
  body: string;
  draftedAt: string;
  updatedAt: string;
  sentAt: string | null;
  externalRef: string | null;
  reason: string | null;
  /** A drill's notice: recorded, never sent. */
  wouldSend: boolean;
}

export class RegulatoryNoticeService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      text: IncidentText;
      timeline: IncidentTimeline;
      facts: IncidentFacts;
    },
  ) {}

  /** Generates (or regenerates) the draft of one authority's notice. */
  async draft(actor: IncidentActor, incidentId: string, authority: NoticeAuthority): Promise<NoticeView> {
    const incident = await lockIncident(this.deps.db, actor.tenantId, incidentId);
    const hours = clockDefinitions.find((c) => c.clock === authority)?.hours ?? 0;
    const deadline = new Date(Date.parse(incident.aware_at) + hours * 3600_000).toISOString();
    const body = draftNotice(authority, await this.deps.facts.gather(actor.tenantId, incidentId, deadline));
    return this.write(actor, incidentId, authority, 'drafted', async (trx, existing, now) => {
      if (existing !== undefined && existing.status !== 'draft')
        throw new AppError('conflict', `the ${authority} notice is already ${existing.status}`);
      const id = existing?.id ?? newId();
      const sealed = await this.deps.text.seal(this.place(actor.tenantId, id), body, trx);
      if (existing === undefined)
        await trx
          .insertInto('incident_notices')
          .values({
            tenant_id: actor.tenantId,
            id,
            incident_id: incidentId,
            authority,
            status: 'draft',
            body_enc: sealed,
            drafted_at: now,
            updated_at: now,
            sent_at: null,
            external_ref: null,
            reason: null,
            decided_by: null,
          })
          .execute();
      else await this.update(trx, actor.tenantId, id, { body_enc: sealed, drafted_at: now, updated_at: now });
      return { length: body.length };
    });
  }

  /** Replaces the draft's text with the staff's edited version. */
  async edit(actor: IncidentActor, incidentId: string, authority: NoticeAuthority, body: string) {
    return this.write(actor, incidentId, authority, 'edited', async (trx, existing, now) => {
      const notice = this.requireDraft(existing, authority);
      const sealed = await this.deps.text.seal(this.place(actor.tenantId, notice.id), body, trx);
      await this.update(trx, actor.tenantId, notice.id, { body_enc: sealed, updated_at: now });
      return { length: body.length };
    });
  }

  /** Records the notice as sent (in a drill: as would-send); its clock stops. */
  async markSent(
    actor: IncidentActor,
    incidentId: string,
    authority: NoticeAuthority,
    input: { sentAt?: string; externalRef?: string },
  ): Promise<NoticeView> {
    const now = this.deps.clock.now();
    const sentAt = input.sentAt === undefined ? now : new Date(input.sentAt);
    if (sentAt.getTime() > now.getTime() + 60_000) throw invalid('sentAt', 'cannot be in the future');
    return this.write(actor, incidentId, authority, 'sent', async (trx, existing, at, drill) => {
      const notice = this.requireDraft(existing, authority);
      await this.update(trx, actor.tenantId, notice.id, {
        status: 'sent',
        sent_at: sentAt.toISOString(),
        external_ref: input.externalRef ?? null,
        decided_by: actor.userId,
        updated_at: at,
      });
      if (drill) await countWouldSend(trx, actor.tenantId, incidentId, 1);
      return {
        sentAt: sentAt.toISOString(),
        acknowledged: input.externalRef !== undefined,
        wouldSend: drill,
      };
    });
  }

  /** Records that this authority need not be notified, and why; its clock stops. */
  async markNotRequired(
    actor: IncidentActor,
    incidentId: string,
    authority: NoticeAuthority,
    reason: (typeof notRequiredReasons)[number],
  ): Promise<NoticeView> {
    return this.write(actor, incidentId, authority, 'not_required', async (trx, existing, now) => {
      if (existing !== undefined && existing.status === 'sent')
        throw new AppError('conflict', `the ${authority} notice was already sent`);
      const id = existing?.id ?? newId();
      const values = { status: 'not_required' as const, reason, decided_by: actor.userId, updated_at: now };
      if (existing === undefined)
        await trx
          .insertInto('incident_notices')
          .values({
            tenant_id: actor.tenantId,
            id,
            incident_id: incidentId,
            authority,
            body_enc: await this.deps.text.seal(
              this.place(actor.tenantId, id),
              `Not required: ${reason}`,
              trx,
            ),
            drafted_at: now,
            sent_at: null,
            external_ref: null,
            ...values,
          })
          .execute();
      else await this.update(trx, actor.tenantId, id, values);
      return { reason };
    });
  }

  async list(actor: Pick<IncidentActor, 'tenantId'>, incidentId: string): Promise<NoticeView[]> {
    const incident = await lockIncident(this.deps.db, actor.tenantId, incidentId);
    const rows = await this.deps.db
      .selectFrom('incident_notices')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('incident_id', '=', incidentId)
      .orderBy('drafted_at')
      .execute();
    return Promise.all(
      rows.map(async (r) => ({
        authority: r.authority,
        status: r.status,
        body: (await this.deps.text.open(this.place(actor.tenantId, r.id), r.body_enc)) ?? '',
        draftedAt: r.drafted_at,
        updatedAt: r.updated_at,
        sentAt: r.sent_at,
        externalRef: r.external_ref,
        reason: r.reason,
        wouldSend: incident.drill === 1 && r.status === 'sent',
      })),
    );
  }

  /** One step on a notice, with its timeline event and audit entry, the incident locked. */
  private async write(
    actor: IncidentActor,
    incidentId: string,
    authority: NoticeAuthority,
    step: string,
    change: (
      trx: Kysely<Database>,
      existing: { id: string; status: NoticeStatus } | undefined,
      now: string,
      drill: boolean,
    ) => Promise<Record<string, string | number | boolean>>,
  ): Promise<NoticeView> {
    await this.deps.db.transaction().execute(async (trx) => {
      const incident = await lockIncident(trx, actor.tenantId, incidentId);
      const existing = await trx
        .selectFrom('incident_notices')
        .select(['id', 'status'])
        .where('tenant_id', '=', actor.tenantId)
        .where('incident_id', '=', incidentId)
        .where('authority', '=', authority)
        .executeTakeFirst();
      const now = this.deps.clock.now().toISOString();
      const details = { authority, step, ...(await change(trx, existing, now, incident.drill === 1)) };
      await this.deps.timeline.append(trx, actor.audit, incidentId, now, { kind: 'notice', details });
      await this.deps.audit.record(trx, actor.audit, {
        action: `incident.notice.${step}`,
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details,
      });
    });
    const view = (await this.list(actor, incidentId)).find((n) => n.authority === authority);
    if (view === undefined) throw notFound('notice');
    return view;
  }

  private requireDraft(existing: { id: string; status: NoticeStatus } | undefined, authority: string) {
    if (existing === undefined) throw new AppError('conflict', `draft the ${authority} notice first`);
    if (existing.status !== 'draft')
      throw new AppError('conflict', `the ${authority} notice is already ${existing.status}`);
    return existing;
  }

  private async update(
    trx: Kysely<Database>,
    tenantId: string,
    id: string,
    values: Partial<Database['incident_notices']>,
  ): Promise<void> {
    await trx
      .updateTable('incident_notices')
      .set(values)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  private place(tenantId: string, id: string) {
    return { tenantId, table: 'incident_notices', column: 'body_enc', rowId: id };
  }
}
