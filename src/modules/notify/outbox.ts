/**
 * The notification outbox: a message is queued in the same transaction as what caused it (an
 * alert, a checkpoint) with one row per channel that wants it; `delivery.ts` sends the rows.
 * Messages hold no personal data: recipients are decrypted only when sending, and bodies carry
 * ids, counts and times.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AlertSeverity, DeliveryChannel } from '../../db/tables/audit.tables.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { INSTALLATION_CHAIN } from '../../kernel/audit.js';
import type { MailSender } from './mail-sender.js';

export const severities: readonly AlertSeverity[] = ['low', 'medium', 'high', 'critical'];
export const severityRank = (s: AlertSeverity): number => severities.indexOf(s);

export interface Notification {
  kind: 'alert' | 'checkpoint' | 'test';
  refId: string | null;
  /** Alerts only: gated by each channel's lowest severity. */
  severity?: AlertSeverity;
  email: { subject: string; text: string };
  /** The webhook body (serialised once, so retries send the same bytes). */
  webhook: Record<string, unknown>;
  /** Also email this user at their own address (owners told of their own new-device sign-ins). */
  recipientUserId?: string;
}

/**
 * A message to one customer at their own contact on record (privacy notices, breach notices). The
 * address or number is not stored: it is decrypted when sending, so a customer erased in between
 * receives nothing. Texts hold no personal data (they come from templates).
 */
export interface CustomerNotification {
  kind: string;
  refId: string | null;
  customerId: string;
  channel: 'email' | 'sms';
  email: { subject: string; text: string };
  /** The SMS text and its DLT template (channel `sms`). */
  sms?: { text: string; dltTemplateId?: string };
}

export interface Payload {
  email: Notification['email'];
  webhook: string;
  sms?: CustomerNotification['sms'];
}

export interface OutboxDeps {
  db: Kysely<Database>;
  clock: Clock;
  mail: MailSender;
  /** Receives installation-wide alerts by email. */
  operatorEmail?: string;
}

export class NotificationOutbox {
  constructor(private readonly deps: OutboxDeps) {}

  /** Queues a message on the channels that want it, inside the caller's transaction. */
  async enqueue(trx: Kysely<Database>, tenantId: string, message: Notification): Promise<number> {
    const row = await trx
      .selectFrom('alert_channels')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    const wants = (min: AlertSeverity | undefined) =>
      message.kind === 'checkpoint'
        ? row?.send_checkpoints === 1
        : message.severity === undefined || severityRank(message.severity) >= severityRank(min ?? 'low');
    const queue: Array<{ channel: DeliveryChannel; recipientUserId: string | null }> = [];
    const mailOn = this.deps.mail.configured;
    const operator = tenantId === INSTALLATION_CHAIN && this.deps.operatorEmail !== undefined;
    if (
      mailOn &&
      ((row?.email_recipients_enc ?? null) !== null || operator) &&
      wants(row?.email_min_severity)
    )
      queue.push({ channel: 'email', recipientUserId: null });
    if (mailOn && message.recipientUserId !== undefined)
      queue.push({ channel: 'email', recipientUserId: message.recipientUserId });
    if ((row?.webhook_url_enc ?? null) !== null && wants(row?.webhook_min_severity))
      queue.push({ channel: 'webhook', recipientUserId: null });
    if (queue.length === 0) return 0;
    const payload: Payload = { email: message.email, webhook: JSON.stringify(message.webhook) };
    const now = this.deps.clock.now().toISOString();
    await trx
      .insertInto('notification_deliveries')
      .values(
        queue.map((q) => ({
          tenant_id: tenantId,
          id: newId(),
          kind: message.kind,
          ref_id: message.refId,
          channel: q.channel,
          payload: JSON.stringify(payload),
          recipient_user_id: q.recipientUserId,
          recipient_customer_id: null,
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
          created_at: now,
          delivered_at: null,
          last_error: null,
        })),
      )
      .execute();
    return queue.length;
  }

  /** Queues a message to a customer's own contact inside the caller's transaction; returns its id. */
  async enqueueForCustomer(
    trx: Kysely<Database>,
    tenantId: string,
    message: CustomerNotification,
  ): Promise<string> {
    const payload: Payload = {
      email: message.email,
      webhook: '{}',
      ...(message.sms ? { sms: message.sms } : {}),
    };
    return this.#insertOne(trx, tenantId, message, JSON.stringify(payload), message.customerId);
  }

  /**
   * Queues one message to one person whose address is looked up, decrypted and the text rendered
   * only when it is sent (by the resolver registered for `kind` on the delivery job): the row holds
   * the kind and an id, nothing personal. Returns the delivery id.
   */
  async enqueueDirect(
    trx: Kysely<Database>,
    tenantId: string,
    message: { kind: string; refId: string; channel: 'email' | 'sms' },
  ): Promise<string> {
    return this.#insertOne(trx, tenantId, message, '{}', null);
  }

  async #insertOne(
    trx: Kysely<Database>,
    tenantId: string,
    message: { kind: string; refId: string | null; channel: 'email' | 'sms' },
    payload: string,
    customerId: string | null,
  ): Promise<string> {
    const now = this.deps.clock.now().toISOString();
    const id = newId();
    await trx
      .insertInto('notification_deliveries')
      .values({
        tenant_id: tenantId,
        id,
        kind: message.kind,
        ref_id: message.refId,
        channel: message.channel,
        payload,
        recipient_user_id: null,
        recipient_customer_id: customerId,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
        delivered_at: null,
        last_error: null,
      })
      .execute();
    return id;
  }

  /** The delivery log of one message (for the alert detail view). */
  async log(tenantId: string, refId: string) {
    return this.deps.db
      .selectFrom('notification_deliveries as d')
      .leftJoin('delivery_attempts as a', (j) =>
        j.onRef('a.tenant_id', '=', 'd.tenant_id').onRef('a.delivery_id', '=', 'd.id'),
      )
      .select([
        'd.id',
        'd.channel',
        'd.status',
        'd.attempts',
        'd.next_attempt_at',
        'd.delivered_at',
        'a.attempt',
        'a.attempted_at',
        'a.outcome',
        'a.status_code',
        'a.error',
        'a.duration_ms',
      ])
      .where('d.tenant_id', '=', tenantId)
      .where('d.ref_id', '=', refId)
      .orderBy('d.created_at')
      .orderBy('a.attempt')
      .execute();
  }
}
