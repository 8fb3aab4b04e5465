/**
 * The customer-notification path: a message to one customer at the contact on record, queued in
 * the outbox inside the caller's transaction (so it survives a restart and goes only if the
 * change commits). Email when the customer has an email, otherwise SMS. The outbox stores only the
 * customer id and the template text; the address is decrypted when sending, so an erased
 * customer is never written to. Texts come from templates (English with Hindi) and carry
 * references and dates, never personal data. Incident notices use the same path.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { formatIndianDate, istDateOf } from '../../domain/gst/ist-date.js';
import type { NotificationOutbox } from '../notify/outbox.js';

export interface CustomerMessage {
  /** Outbox kind, for example `privacy_request_received` or `breach_notice`. */
  kind: string;
  refId: string | null;
  subject: string;
  text: string;
  /** A shorter SMS text (defaults to the email text) and its DLT template id. */
  sms?: { text: string; dltTemplateId?: string };
}

export type NoticeChannel = 'email' | 'sms';

export class CustomerNotifier {
  constructor(private readonly outbox: NotificationOutbox) {}

  /** The channel a notice to this customer would use, or null (no contact, or erased). */
  async channelFor(
    trx: Kysely<Database>,
    tenantId: string,
    customerId: string,
  ): Promise<NoticeChannel | null> {
    const row = await trx
      .selectFrom('customers as c')
      .leftJoin('subject_keys as k', (j) =>
        j.onRef('k.tenant_id', '=', 'c.tenant_id').onRef('k.subject_id', '=', 'c.id'),
      )
      .select(['c.email_enc', 'c.phone_enc', 'k.erased_at'])
      .where('c.tenant_id', '=', tenantId)
      .where('c.id', '=', customerId)
      .executeTakeFirst();
    if (row === undefined || (row.erased_at !== null && row.erased_at !== undefined)) return null;
    if (row.email_enc !== null) return 'email';
    return row.phone_enc !== null ? 'sms' : null;
  }

  /** Queues the message on the customer's channel; returns the channel, or null when none. */
  async notify(
    trx: Kysely<Database>,
    tenantId: string,
    customerId: string,
    message: CustomerMessage,
  ): Promise<NoticeChannel | null> {
    return (await this.notifyWithId(trx, tenantId, customerId, message))?.channel ?? null;
  }

  /** As `notify`, also returning the outbox row, whose real state a timeline shows. */
  async notifyWithId(
    trx: Kysely<Database>,
    tenantId: string,
    customerId: string,
    message: CustomerMessage,
  ): Promise<{ channel: NoticeChannel; deliveryId: string } | null> {
    const channel = await this.channelFor(trx, tenantId, customerId);
    if (channel === null) return null;
    const deliveryId = await this.outbox.enqueueForCustomer(trx, tenantId, {
      kind: message.kind,
      refId: message.refId,
      customerId,
      channel,
      email: { subject: message.subject, text: message.text },
      sms: message.sms ?? { text: message.text },
    });
    return { channel, deliveryId };
  }
}

const date = (instant: string) => formatIndianDate(istDateOf(instant));

/** Templates of privacy notices (English, then Hindi). */
export const privacyTemplates = {
  requestReceived: (reference: string, dueAt: string, shop: string): CustomerMessage => ({
    kind: 'privacy_request_received',
    refId: reference,
    subject: `${shop}: we received your privacy request ${reference}`,
    text:
      `We received your privacy request ${reference} and will answer by ${date(dueAt)}.\n` +
      `हमें आपका गोपनीयता अनुरोध ${reference} मिला है; हम ${date(dueAt)} तक उत्तर देंगे।`,
    sms: { text: `${shop}: privacy request ${reference} received; answer by ${date(dueAt)}.` },
  }),
  requestClosed: (reference: string, outcome: string, shop: string): CustomerMessage => ({
    kind: 'privacy_request_closed',
    refId: reference,
    subject: `${shop}: your privacy request ${reference} is ${outcome === 'fulfilled' ? 'done' : 'closed'}`,
    text:
      `Your privacy request ${reference} is closed (${outcome.replace(/_/g, ' ')}). Ask us if anything is unclear.\n` +
      `आपका गोपनीयता अनुरोध ${reference} बंद कर दिया गया है।`,
    sms: { text: `${shop}: privacy request ${reference} closed (${outcome.replace(/_/g, ' ')}).` },
  }),
  retentionNotice: (after: string, shop: string): CustomerMessage => ({
    kind: 'retention_notice',
    refId: null,
    subject: `${shop}: we will anonymise your customer record`,
    text:
      `You have not shopped with us for a long time. On ${date(after)} we will erase your name and contact ` +
      `details from our records (invoices stay as GST law requires). Visit or reply before then to keep your account.\n` +
      `आपने लंबे समय से खरीदारी नहीं की है। ${date(after)} को हम आपका नाम और संपर्क विवरण मिटा देंगे।`,
    sms: { text: `${shop}: your customer record will be anonymised on ${date(after)}. Visit us to keep it.` },
  }),
};
