/**
 * The inquiry channel: a notified customer asks a question on the public page with the reference
 * from their notice (no account; throttled per network). The question is sealed to the shop's key
 * (the public page can write it, only the shop can open it) and lands on the incident's timeline.
 * Staff read questions (step-up; recorded) and answer from the incident page; the answer goes back
 * to the customer through the outbox on the channel they were notified on (would-send in a drill).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { DirectMessage } from '../notify/delivery.js';
import type { NotificationOutbox } from '../notify/outbox.js';
import { normaliseReference, referenceHash, type CustomerNoticeService } from './customer-notice.service.js';
import { countWouldSend } from './drill-progress.js';
import type { IncidentText, PublicSeal } from './incident-crypto.js';
import type { IncidentFacts } from './incident-facts.js';
import { lockIncident, type IncidentTimeline } from './incident-timeline.js';
import type { IncidentActor } from './incident.service.js';
import { incidentReference } from './incident.views.js';
import { admitPublic, publicContext } from './public-intake.js';

export const ANSWER_KIND = 'incident_answer';

export interface InquiryView {
  id: string;
  customerId: string;
  question: string;
  receivedAt: string;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  answerChannel: string | null;
  answerDelivery: string | null;
}

export class InquiryService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      text: IncidentText;
      seal: PublicSeal;
      timeline: IncidentTimeline;
      notices: CustomerNoticeService;
      facts: IncidentFacts;
      outbox: NotificationOutbox;
      throttle: LoginThrottle;
    },
  ) {}

  /** A question from the public page; an unknown reference is refused (after the throttle). */
  async receive(input: { reference: string; question: string }, ip: string): Promise<{ incident: string }> {
    await admitPublic(this.deps.throttle, 'inquiry', ip);
    const reference = normaliseReference(input.reference);
    if (reference === null) throw invalid('reference', 'a reference looks like ABCDE-12345');
    const recipient = await this.deps.db
      .selectFrom('incident_recipients')
      .select(['tenant_id', 'incident_id', 'customer_id'])
      .where('reference_hash', '=', referenceHash(reference))
      .executeTakeFirst();
    if (recipient === undefined) throw notFound('reference');
    const id = newId();
    const { tenant_id: tenantId, incident_id: incidentId } = recipient;
    const sealed = await this.deps.seal.seal(tenantId, `incident_inquiries|${id}`, {
      question: input.question,
    });
    const ctx = publicContext(tenantId, ip);
    const incident = await this.deps.db.transaction().execute(async (trx) => {
      const row = await lockIncident(trx, tenantId, incidentId);
      const now = this.deps.clock.now().toISOString();
      await trx
        .insertInto('incident_inquiries')
        .values({
          tenant_id: tenantId,
          id,
          incident_id: incidentId,
          customer_id: recipient.customer_id,
          question_sealed: sealed,
          received_at: now,
          answer_enc: null,
          answered_at: null,
          answered_by: null,
          answer_channel: null,
          answer_delivery_id: null,
        })
        .execute();
      const details = { inquiryId: id, customerId: recipient.customer_id, length: input.question.length };
      await this.deps.timeline.append(trx, ctx, incidentId, now, { kind: 'inquiry', details });
      await this.deps.audit.record(trx, ctx, {
        action: 'incident.inquiry.receive',
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details,
      });
      return row;
    });
    return { incident: incidentReference(Number(incident.number)) };
  }

  /** The questions and answers of an incident, opened for staff (the reading is recorded). */
  async list(actor: IncidentActor, incidentId: string): Promise<InquiryView[]> {
    const { db } = this.deps;
    await lockIncident(db, actor.tenantId, incidentId);
    const rows = await db
      .selectFrom('incident_inquiries as q')
      .leftJoin('notification_deliveries as d', (j) =>
        j.onRef('d.tenant_id', '=', 'q.tenant_id').onRef('d.id', '=', 'q.answer_delivery_id'),
      )
      .selectAll('q')
      .select('d.status as delivery')
      .where('q.tenant_id', '=', actor.tenantId)
      .where('q.incident_id', '=', incidentId)
      .orderBy('q.received_at')
      .execute();
    const out = await Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        customerId: r.customer_id,
        question: (
          await this.deps.seal.open<{ question: string }>(
            actor.tenantId,
            `incident_inquiries|${r.id}`,
            r.question_sealed,
          )
        ).question,
        receivedAt: r.received_at,
        answer: await this.deps.text.open(this.answerPlace(actor.tenantId, r.id), r.answer_enc),
        answeredAt: r.answered_at,
        answeredBy: r.answered_by,
        answerChannel: r.answer_channel,
        answerDelivery: r.delivery ?? (r.answer_channel === null ? null : 'would_send'),
      })),
    );
    await this.deps.audit.record(db, actor.audit, {
      action: 'incident.inquiry.read',
      objectType: 'incident',
      objectId: incidentId,
      outcome: 'success',
      details: { inquiries: out.length },
    });
    return out;
  }

  /** Answers a question; the answer goes to the customer on the channel they were notified on. */
  async answer(actor: IncidentActor, incidentId: string, inquiryId: string, answer: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const incident = await lockIncident(trx, actor.tenantId, incidentId);
      const inquiry = await trx
        .selectFrom('incident_inquiries')
        .select(['customer_id', 'answered_at'])
        .where('tenant_id', '=', actor.tenantId)
        .where('incident_id', '=', incidentId)
        .where('id', '=', inquiryId)
        .executeTakeFirst();
      if (inquiry === undefined) throw notFound('inquiry');
      if (inquiry.answered_at !== null) throw new AppError('conflict', 'this question is already answered');
      const channel = await this.channelFor(trx, actor.tenantId, incidentId, inquiry.customer_id);
      const drill = incident.drill === 1;
      const deliveryId = drill
        ? null
        : await this.deps.outbox.enqueueDirect(trx, actor.tenantId, {
            kind: ANSWER_KIND,
            refId: inquiryId,
            channel,
          });
      if (drill) await countWouldSend(trx, actor.tenantId, incidentId, 1);
      const now = this.deps.clock.now().toISOString();
      await trx
        .updateTable('incident_inquiries')
        .set({
          answer_enc: await this.deps.text.seal(this.answerPlace(actor.tenantId, inquiryId), answer, trx),
          answered_at: now,
          answered_by: actor.userId,
          answer_channel: channel,
          answer_delivery_id: deliveryId,
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', inquiryId)
        .execute();
      const details = { inquiryId, channel, length: answer.length, drill };
      await this.deps.timeline.append(trx, actor.audit, incidentId, now, { kind: 'inquiry_answer', details });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.inquiry.answer',
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details,
      });
    });
  }

  /** The delivery job's resolver for answers. */
  async resolve(row: { tenantId: string; refId: string; channel: string }): Promise<DirectMessage | null> {
    const inquiry = await this.deps.db
      .selectFrom('incident_inquiries')
      .selectAll()
      .where('tenant_id', '=', row.tenantId)
      .where('id', '=', row.refId)
      .executeTakeFirst();
    if (inquiry === undefined || inquiry.answer_enc === null) return null;
    const channel = row.channel === 'sms' ? 'sms' : 'email';
    const to = await this.deps.notices.contact(row.tenantId, inquiry.customer_id, channel);
    const reference = await this.deps.notices.reference(
      row.tenantId,
      inquiry.incident_id,
      inquiry.customer_id,
    );
    const answer = await this.deps.text.open(this.answerPlace(row.tenantId, inquiry.id), inquiry.answer_enc);
    if (to === null || answer === null) return null;
    const business = (await this.deps.facts.business(row.tenantId)).name;
    const text = `${business} answers your question (reference ${reference ?? ''}):\n\n${answer}`;
    return channel === 'email'
      ? { channel, to, subject: `${business}: answer to your question`, text }
      : { channel, to, text: text.slice(0, 1000), ...this.deps.notices.smsTemplate() };
  }

  /** Email when the customer was emailed the notice, else SMS. */
  private async channelFor(
    trx: Kysely<Database>,
    tenantId: string,
    incidentId: string,
    customerId: string,
  ): Promise<'email' | 'sms'> {
    const sent = await trx
      .selectFrom('incident_customer_notices')
      .select('channel')
      .where('tenant_id', '=', tenantId)
      .where('incident_id', '=', incidentId)
      .where('customer_id', '=', customerId)
      .execute();
    return sent.some((s) => s.channel === 'email') || sent.length === 0 ? 'email' : 'sms';
  }

  private answerPlace(tenantId: string, id: string) {
    return { tenantId, table: 'incident_inquiries', column: 'answer_enc', rowId: id };
  }
}
