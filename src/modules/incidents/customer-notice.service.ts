/**
 * Notices to affected customers: the text is rendered once per batch (English, Hindi or both)
 * and kept encrypted; each affected customer gets a reference for the inquiry page and one message
 * per channel they have (email, SMS), queued in the notification outbox so delivery survives a
 * restart. The outbox row holds only ids: the address is decrypted and the reference filled in
 * when the delivery job sends it (the resolver below), never logged. What was sent to whom is
 * recorded by customer id and channel, with the delivery's outcome and time. In a drill nothing is
 * queued: every message is recorded as would-send.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { randomCode, sha256Hex } from '../../domain/crypto-random.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { openPii, type CustomerCipher } from '../customers/customer-crypto.js';
import type { DirectMessage } from '../notify/delivery.js';
import type { NotificationOutbox } from '../notify/outbox.js';
import {
  renderCustomerNotice,
  withReference,
  type NoticeLanguage,
  type RenderedNotice,
} from './customer-notice.templates.js';
import { countWouldSend } from './drill-progress.js';
import type { IncidentText } from './incident-crypto.js';
import type { IncidentFacts } from './incident-facts.js';
import { lockIncident, type IncidentTimeline } from './incident-timeline.js';
import type { IncidentActor } from './incident.service.js';
import { affectedCategories, parseList } from './incident.views.js';

export type NoticeChannel = 'email' | 'sms';
export const NOTICE_KIND = 'incident_notice';

export interface NoticeRequest {
  language: NoticeLanguage;
  channels: NoticeChannel[];
  summary: { en: string; hi?: string | undefined };
}

export interface NoticePreview extends RenderedNotice {
  /** Customers who would get a message on each channel (those with that contact on file). */
  recipients: Record<NoticeChannel, number>;
}

/** A customer's reference: 10 characters (50 bits) shown as `XXXXX-XXXXX`. */
export function normaliseReference(given: string): string | null {
  const clean = given.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{10}$/.test(clean) ? clean : null;
}
export const referenceHash = (normalised: string): string =>
  sha256Hex(`tijori-incident-ref-v1|${normalised}`);
const display = (r: string) => `${r.slice(0, 5)}-${r.slice(5)}`;
const CHUNK = 200;

export class CustomerNoticeService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      cipher: CustomerCipher;
      text: IncidentText;
      timeline: IncidentTimeline;
      facts: IncidentFacts;
      outbox: NotificationOutbox;
      inquiryUrl: string | null;
      /** The DLT template registered for these SMS, when the gateway needs one. */
      smsTemplateId?: string | undefined;
    },
  ) {}

  async preview(actor: IncidentActor, incidentId: string, request: NoticeRequest): Promise<NoticePreview> {
    const rendered = await this.render(actor.tenantId, incidentId, request);
    const targets = await this.recipients(actor.tenantId, incidentId, request.channels);
    return { ...rendered, recipients: { email: targets.email.length, sms: targets.sms.length } };
  }

  /** Queues the notice to every affected customer on the asked channels (would-send in a drill). */
  async send(actor: IncidentActor, incidentId: string, request: NoticeRequest) {
    const rendered = await this.render(actor.tenantId, incidentId, request);
    const targets = await this.recipients(actor.tenantId, incidentId, request.channels);
    const customers = [...new Set([...targets.email, ...targets.sms])];
    if (customers.length === 0)
      throw new AppError(
        'precondition_failed',
        'no affected customer has a contact on the chosen channels',
        'channels',
      );
    const batchId = newId();
    const sealed = await this.deps.text.seal(
      this.batchPlace(actor.tenantId, batchId),
      JSON.stringify(rendered),
    );
    return this.deps.db.transaction().execute(async (trx) => {
      const incident = await lockIncident(trx, actor.tenantId, incidentId);
      const drill = incident.drill === 1;
      const now = this.deps.clock.now().toISOString();
      await trx
        .insertInto('incident_notice_batches')
        .values({
          tenant_id: actor.tenantId,
          id: batchId,
          incident_id: incidentId,
          language: request.language,
          channels: JSON.stringify(request.channels),
          content_enc: sealed,
          drill: drill ? 1 : 0,
          recipients: customers.length,
          created_by: actor.userId,
          created_at: now,
        })
        .execute();
      await this.ensureReferences(trx, actor.tenantId, incidentId, customers, now);
      const rows = [];
      for (const channel of request.channels)
        for (const customerId of targets[channel]) {
          const id = newId();
          const deliveryId = drill
            ? null
            : await this.deps.outbox.enqueueDirect(trx, actor.tenantId, {
                kind: NOTICE_KIND,
                refId: id,
                channel,
              });
          rows.push({
            tenant_id: actor.tenantId,
            id,
            batch_id: batchId,
            incident_id: incidentId,
            customer_id: customerId,
            channel,
            status: drill ? 'would_send' : 'queued',
            delivery_id: deliveryId,
            created_at: now,
          });
        }
      for (let i = 0; i < rows.length; i += CHUNK)
        await trx
          .insertInto('incident_customer_notices')
          .values(rows.slice(i, i + CHUNK))
          .execute();
      if (drill) await countWouldSend(trx, actor.tenantId, incidentId, rows.length);
      const details = {
        batchId,
        language: request.language,
        customers: customers.length,
        email: targets.email.length,
        sms: targets.sms.length,
        drill,
      };
      await this.deps.timeline.append(trx, actor.audit, incidentId, now, {
        kind: 'customer_notice',
        details,
      });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'incident.customer_notice.send',
        objectType: 'incident',
        objectId: incidentId,
        outcome: 'success',
        details,
      });
      return { batchId, customers: customers.length, messages: rows.length, wouldSend: drill };
    });
  }

  /** The batches of an incident, and per channel how many messages are queued, delivered, failed. */
  async list(actor: Pick<IncidentActor, 'tenantId'>, incidentId: string) {
    const { db } = this.deps;
    await lockIncident(db, actor.tenantId, incidentId);
    const batches = await db
      .selectFrom('incident_notice_batches')
      .select(['id', 'language', 'channels', 'drill', 'recipients', 'created_at', 'created_by'])
      .where('tenant_id', '=', actor.tenantId)
      .where('incident_id', '=', incidentId)
      .orderBy('created_at')
      .execute();
    const outcomes = await db
      .selectFrom('incident_customer_notices as n')
      .leftJoin('notification_deliveries as d', (j) =>
        j.onRef('d.tenant_id', '=', 'n.tenant_id').onRef('d.id', '=', 'n.delivery_id'),
      )
      .select([
        'n.batch_id',
        'n.channel',
        'n.status',
        'd.status as delivery',
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('n.tenant_id', '=', actor.tenantId)
      .where('n.incident_id', '=', incidentId)
      .groupBy(['n.batch_id', 'n.channel', 'n.status', 'd.status'])
      .execute();
    return batches.map((b) => ({
      id: b.id,
      language: b.language,
      channels: parseList(b.channels),
      drill: b.drill === 1,
      recipients: Number(b.recipients),
      createdAt: b.created_at,
      createdBy: b.created_by,
      messages: outcomes
        .filter((o) => o.batch_id === b.id)
        .map((o) => ({ channel: o.channel, status: o.delivery ?? o.status, count: Number(o.n) })),
    }));
  }

  /** What was sent to one customer: channel, when queued, delivered or failed (no address). */
  async sentTo(actor: Pick<IncidentActor, 'tenantId'>, incidentId: string, customerId: string) {
    await lockIncident(this.deps.db, actor.tenantId, incidentId);
    return this.deps.db
      .selectFrom('incident_customer_notices as n')
      .leftJoin('notification_deliveries as d', (j) =>
        j.onRef('d.tenant_id', '=', 'n.tenant_id').onRef('d.id', '=', 'n.delivery_id'),
      )
      .select([
        'n.batch_id as batchId',
        'n.channel',
        'n.status',
        'n.created_at as queuedAt',
        'd.status as delivery',
        'd.delivered_at as deliveredAt',
      ])
      .where('n.tenant_id', '=', actor.tenantId)
      .where('n.incident_id', '=', incidentId)
      .where('n.customer_id', '=', customerId)
      .orderBy('n.created_at')
      .execute();
  }

  /** The delivery job's resolver: the message for one queued notice, rendered now. */
  async resolve(row: { tenantId: string; refId: string; channel: string }): Promise<DirectMessage | null> {
    const { db } = this.deps;
    const notice = await db
      .selectFrom('incident_customer_notices')
      .selectAll()
      .where('tenant_id', '=', row.tenantId)
      .where('id', '=', row.refId)
      .executeTakeFirst();
    if (notice === undefined) return null;
    const batch = await db
      .selectFrom('incident_notice_batches')
      .select('content_enc')
      .where('tenant_id', '=', row.tenantId)
      .where('id', '=', notice.batch_id)
      .executeTakeFirstOrThrow();
    const rendered = JSON.parse(
      (await this.deps.text.open(this.batchPlace(row.tenantId, notice.batch_id), batch.content_enc)) ?? '{}',
    ) as RenderedNotice;
    const reference = await this.reference(row.tenantId, notice.incident_id, notice.customer_id);
    const to = await this.contact(row.tenantId, notice.customer_id, notice.channel as NoticeChannel);
    if (to === null || reference === null) return null;
    return notice.channel === 'email'
      ? { channel: 'email', to, subject: rendered.subject, text: withReference(rendered.email, reference) }
      : { channel: 'sms', to, text: withReference(rendered.sms, reference), ...this.smsTemplate() };
  }

  /** A customer's address on a channel, decrypted (null when erased or missing). */
  async contact(tenantId: string, customerId: string, channel: NoticeChannel): Promise<string | null> {
    const row = await this.deps.db
      .selectFrom('customers')
      .select(['tenant_id', 'id', 'phone_enc', 'email_enc'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', customerId)
      .executeTakeFirst();
    if (row === undefined) return null;
    const pii = await openPii(this.deps.cipher, row, [channel === 'email' ? 'email' : 'phone']);
    return pii.erased ? null : channel === 'email' ? pii.email : pii.phone;
  }

  /** The display form of a customer's reference for an incident. */
  async reference(tenantId: string, incidentId: string, customerId: string): Promise<string | null> {
    const row = await this.deps.db
      .selectFrom('incident_recipients')
      .select(['reference_hash', 'reference_enc'])
      .where('tenant_id', '=', tenantId)
      .where('incident_id', '=', incidentId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (row === undefined) return null;
    const clear = await this.deps.text.open(
      this.referencePlace(tenantId, row.reference_hash),
      row.reference_enc,
    );
    return clear === null ? null : display(clear);
  }

  /** The DLT template for SMS, as the gateway wants it (nothing when none is configured). */
  smsTemplate(): { dltTemplateId?: string } {
    return this.deps.smsTemplateId === undefined ? {} : { dltTemplateId: this.deps.smsTemplateId };
  }

  private async render(
    tenantId: string,
    incidentId: string,
    request: NoticeRequest,
  ): Promise<RenderedNotice> {
    const facts = await this.deps.facts.gather(tenantId, incidentId, this.deps.clock.now().toISOString());
    if (facts.dataCategories.length === 0)
      throw new AppError(
        'precondition_failed',
        'record which data categories are affected first',
        'dataCategories',
      );
    return renderCustomerNotice({
      language: request.language,
      business: facts.business.name,
      awareAt: facts.incident.awareAt,
      dataCategories: facts.dataCategories,
      summary: request.summary,
      measures: Object.keys(facts.measures),
      contact:
        facts.contact === null
          ? facts.business.name
          : [facts.contact.name, facts.contact.phone ?? facts.contact.email].filter(Boolean).join(', '),
      inquiryUrl: this.deps.inquiryUrl,
    });
  }

  /** Affected customers, not erased, with the contact each channel needs (no decryption). */
  private async recipients(tenantId: string, incidentId: string, channels: readonly NoticeChannel[]) {
    const ids = [...(await affectedCategories(this.deps.db, tenantId, incidentId)).keys()];
    const out: Record<NoticeChannel, string[]> = { email: [], sms: [] };
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.deps.db
        .selectFrom('customers as c')
        .leftJoin('subject_keys as k', (j) =>
          j.onRef('k.tenant_id', '=', 'c.tenant_id').onRef('k.subject_id', '=', 'c.id'),
        )
        .select(['c.id', 'c.email_enc', 'c.phone_enc', 'k.erased_at'])
        .where('c.tenant_id', '=', tenantId)
        .where('c.id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        if (r.erased_at !== null) continue;
        if (channels.includes('email') && r.email_enc !== null) out.email.push(r.id);
        if (channels.includes('sms') && r.phone_enc !== null) out.sms.push(r.id);
      }
    }
    return out;
  }

  /** Gives each customer a reference for this incident, once (the same across notices). */
  private async ensureReferences(
    trx: Kysely<Database>,
    tenantId: string,
    incidentId: string,
    customers: readonly string[],
    now: string,
  ): Promise<void> {
    const have = new Set<string>();
    for (let i = 0; i < customers.length; i += 500)
      for (const r of await trx
        .selectFrom('incident_recipients')
        .select('customer_id')
        .where('tenant_id', '=', tenantId)
        .where('incident_id', '=', incidentId)
        .where('customer_id', 'in', customers.slice(i, i + 500))
        .execute())
        have.add(r.customer_id);
    const rows = [];
    for (const customerId of customers.filter((c) => !have.has(c))) {
      const reference = randomCode(50);
      const hash = referenceHash(reference);
      rows.push({
        tenant_id: tenantId,
        incident_id: incidentId,
        customer_id: customerId,
        reference_hash: hash,
        reference_enc: await this.deps.text.seal(this.referencePlace(tenantId, hash), reference, trx),
        created_at: now,
      });
    }
    for (let i = 0; i < rows.length; i += CHUNK)
      await trx
        .insertInto('incident_recipients')
        .values(rows.slice(i, i + CHUNK))
        .execute();
  }

  private batchPlace(tenantId: string, batchId: string) {
    return { tenantId, table: 'incident_notice_batches', column: 'content_enc', rowId: batchId };
  }

  private referencePlace(tenantId: string, hash: string) {
    return { tenantId, table: 'incident_recipients', column: 'reference_enc', rowId: hash };
  }
}
