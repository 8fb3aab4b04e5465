/**
 * The delivery job: sends the outbox's due rows, email over SMTP and webhooks signed with
 * HMAC-SHA256, each claimed with a compare-and-set so two runs never send one row twice at once.
 * A failed attempt is retried after growing delays up to a limit; every attempt is written to the
 * delivery log.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { Logger } from '../../logging/logger.js';
import { scrubText } from '../../logging/redact.js';
import { INSTALLATION_CHAIN } from '../../kernel/audit.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { AlertChannelService } from './alert-channels.service.js';
import type { MailSender } from './mail-sender.js';
import { failureReason } from './message-states.js';
import type { Payload } from './outbox.js';
import type { SmsSender } from './sms-sender.js';
import { postWebhook } from './webhook.js';

/** Delays before attempts 2, 3, ...: 30 s, 2 min, 8 min, 32 min, about 2 h, then 6 h. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000 * 4 ** Math.max(attempt - 1, 0), 6 * 3600_000);
}

export const MAX_ATTEMPTS = 8;
const CLAIM_MS = 2 * 60_000;

/** A message to one person, rendered when it is sent (see `NotificationOutbox.enqueueDirect`). */
export type DirectMessage =
  | { channel: 'email'; to: string; subject: string; text: string }
  | { channel: 'sms'; to: string; text: string; dltTemplateId?: string };

/**
 * Resolves a direct message at send time: decrypts the address and renders the text. Returns
 * null when the message can no longer be sent (the person was erased, the contact removed): the
 * row then fails at once instead of retrying.
 */
export type DirectMessageResolver = (row: {
  tenantId: string;
  refId: string;
  channel: string;
}) => Promise<DirectMessage | null>;

export interface DeliveryDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  mail: MailSender;
  channels: AlertChannelService;
  cipher: FieldCipher;
  operatorEmail?: string;
  /** Sends SMS messages to customers and direct messages on the `sms` channel (absent: they fail). */
  sms?: SmsSender;
  /** A customer's email or phone on record, decrypted for sending; null when none (or erased). */
  customerContact?: CustomerContactResolver;
}

export type CustomerContactResolver = (
  tenantId: string,
  customerId: string,
  channel: 'email' | 'sms',
) => Promise<string | null>;

interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  /** Retrying cannot help (the customer has no such contact, or was erased). */
  final?: boolean;
}

export class NotificationDelivery {
  readonly #resolvers = new Map<string, DirectMessageResolver>();

  constructor(private readonly deps: DeliveryDeps) {}

  /** Makes rows of `kind` direct messages, rendered by `resolver` when they are sent. */
  registerDirect(kind: string, resolver: DirectMessageResolver): void {
    if (this.#resolvers.has(kind)) throw new Error(`direct messages of kind ${kind} are registered twice`);
    this.#resolvers.set(kind, resolver);
  }

  /** The delivery job: sends what is due; returns how many were delivered. */
  async deliverDue(limit = 50): Promise<number> {
    const now = this.deps.clock.now().toISOString();
    const due = await this.deps.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    let delivered = 0;
    for (const row of due) if (await this.claimAndAttempt(row)) delivered += 1;
    return delivered;
  }

  /**
   * Claims one message for an attempt now, whatever its next attempt time (a "retry now", or a
   * notice that must leave before the customer's details are erased), inside `trx`. Returns the
   * claimed row to pass to `sendClaimed`, or null when it was sent already or an attempt is in
   * flight (claimed and not yet logged): one message is never sent twice at once.
   */
  async claimNow(
    trx: Kysely<Database>,
    row: Database['notification_deliveries'],
  ): Promise<Database['notification_deliveries'] | null> {
    if (row.status === 'delivered') return null;
    const now = this.deps.clock.now();
    if (row.status === 'pending' && row.attempts > 0 && new Date(row.next_attempt_at) > now) {
      const logged = await trx
        .selectFrom('delivery_attempts')
        .select('attempt')
        .where('tenant_id', '=', row.tenant_id)
        .where('delivery_id', '=', row.id)
        .where('attempt', '=', row.attempts)
        .executeTakeFirst();
      if (logged === undefined) return null;
    }
    const claimed = await trx
      .updateTable('notification_deliveries')
      .set({
        status: 'pending',
        attempts: row.attempts + 1,
        next_attempt_at: new Date(now.getTime() + CLAIM_MS).toISOString(),
      })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    return claimed.numUpdatedRows === 0n ? null : { ...row, status: 'pending', attempts: row.attempts + 1 };
  }

  /** Makes the attempt of a row `claimNow` claimed; true when it was delivered. */
  sendClaimed(row: Database['notification_deliveries']): Promise<boolean> {
    return this.attempt(row);
  }

  /** Where a message goes, decrypted for masking on screen only; null for none or a webhook. */
  async recipientOf(row: Database['notification_deliveries']): Promise<string | null> {
    if (row.channel === 'webhook') return null;
    const resolver = this.#resolvers.get(row.kind);
    if (resolver !== undefined)
      return (
        (await resolver({ tenantId: row.tenant_id, refId: row.ref_id ?? '', channel: row.channel }))?.to ??
        null
      );
    if (row.recipient_customer_id !== null)
      return (
        (await this.deps.customerContact?.(
          row.tenant_id,
          row.recipient_customer_id,
          row.channel === 'sms' ? 'sms' : 'email',
        )) ?? null
      );
    return (await this.recipientsOf(row))[0] ?? null;
  }

  /**
   * Claims with a compare-and-set on the attempt count; the claim also pushes the row out of sight
   * for a while, so a crash mid-send retries later instead of never.
   */
  private async claimAndAttempt(row: Database['notification_deliveries']): Promise<boolean> {
    const claimed = await this.deps.db
      .updateTable('notification_deliveries')
      .set({
        attempts: row.attempts + 1,
        next_attempt_at: new Date(this.deps.clock.now().getTime() + CLAIM_MS).toISOString(),
      })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) return false;
    return this.attempt({ ...row, attempts: row.attempts + 1 });
  }

  private async attempt(row: Database['notification_deliveries']): Promise<boolean> {
    const started = this.deps.clock.now();
    const resolver = this.#resolvers.get(row.kind);
    let result: AttemptResult;
    try {
      const payload = () => JSON.parse(row.payload) as Payload;
      result =
        resolver !== undefined
          ? await this.sendDirect(row, resolver)
          : row.recipient_customer_id !== null
            ? await this.sendToCustomer(row, row.recipient_customer_id, payload())
            : row.channel === 'email'
              ? await this.sendEmail(row, payload())
              : await this.sendWebhook(row, payload());
    } catch (error) {
      result = { ok: false, status: null, error: failureReason(error) };
    }
    const finished = this.deps.clock.now();
    const error = result.error === null ? null : scrubText(result.error).slice(0, 200);
    const final = !result.ok && (result.final === true || row.attempts >= MAX_ATTEMPTS);
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('delivery_attempts')
        .values({
          tenant_id: row.tenant_id,
          id: newId(),
          delivery_id: row.id,
          attempt: row.attempts,
          attempted_at: started.toISOString(),
          outcome: result.ok ? 'delivered' : 'failed',
          status_code: result.status,
          error,
          duration_ms: Math.max(0, finished.getTime() - started.getTime()),
        })
        .execute();
      await trx
        .updateTable('notification_deliveries')
        .set({
          status: result.ok ? 'delivered' : final ? 'failed' : 'pending',
          delivered_at: result.ok ? finished.toISOString() : null,
          last_error: error,
          next_attempt_at: new Date(finished.getTime() + retryDelayMs(row.attempts)).toISOString(),
        })
        .where('tenant_id', '=', row.tenant_id)
        .where('id', '=', row.id)
        .execute();
    });
    if (!result.ok)
      this.deps.logger.warn(
        { deliveryId: row.id, channel: row.channel, attempt: row.attempts, final },
        'notification delivery failed',
      );
    return result.ok;
  }

  private async sendToCustomer(
    row: Database['notification_deliveries'],
    customerId: string,
    payload: Payload,
  ): Promise<AttemptResult> {
    const channel = row.channel === 'sms' ? 'sms' : 'email';
    const resolve = this.deps.customerContact;
    const to = resolve === undefined ? null : await resolve(row.tenant_id, customerId, channel);
    if (to === null)
      return { ok: false, status: null, error: 'the customer has no such contact', final: true };
    if (channel === 'email') await this.deps.mail.send({ to: [to], ...payload.email });
    else {
      if (this.deps.sms === undefined || payload.sms === undefined)
        return { ok: false, status: null, error: 'SMS is not set up', final: true };
      await this.deps.sms.send({ to, ...payload.sms });
    }
    return { ok: true, status: null, error: null };
  }

  /** A direct message: rendered now; the address lives only in this call, never in a log. */
  private async sendDirect(
    row: Database['notification_deliveries'],
    resolver: DirectMessageResolver,
  ): Promise<AttemptResult> {
    const message = await resolver({
      tenantId: row.tenant_id,
      refId: row.ref_id ?? '',
      channel: row.channel,
    });
    if (message === null) return { ok: false, status: null, error: 'no longer deliverable', final: true };
    if (message.channel === 'email') {
      await this.deps.mail.send({ to: [message.to], subject: message.subject, text: message.text });
      return { ok: true, status: null, error: null };
    }
    if (this.deps.sms === undefined || !this.deps.sms.configured)
      return { ok: false, status: null, error: 'no SMS gateway is configured' };
    await this.deps.sms.send({
      to: message.to,
      text: message.text,
      ...(message.dltTemplateId === undefined ? {} : { dltTemplateId: message.dltTemplateId }),
    });
    return { ok: true, status: null, error: null };
  }

  private async sendEmail(row: Database['notification_deliveries'], payload: Payload) {
    const to = await this.recipientsOf(row);
    if (to.length === 0) return { ok: false, status: null, error: 'no recipients' };
    await this.deps.mail.send({ to, subject: payload.email.subject, text: payload.email.text });
    return { ok: true, status: null, error: null };
  }

  private async sendWebhook(row: Database['notification_deliveries'], payload: Payload) {
    const { webhook } = await this.deps.channels.targets(row.tenant_id);
    if (webhook === null) return { ok: false, status: null, error: 'the webhook was removed' };
    return postWebhook(webhook.url, webhook.secret, payload.webhook, row.id, this.deps.clock.now());
  }

  private async recipientsOf(row: Database['notification_deliveries']): Promise<string[]> {
    if (row.recipient_user_id !== null) {
      const account = await this.deps.db
        .selectFrom('user_accounts')
        .select('email_enc')
        .where('tenant_id', '=', row.tenant_id)
        .where('user_id', '=', row.recipient_user_id)
        .executeTakeFirst();
      if (account === undefined) return [];
      const ref = {
        tenantId: row.tenant_id,
        table: 'user_accounts',
        column: 'email_enc',
        rowId: row.recipient_user_id,
      };
      return [await this.deps.cipher.decrypt(ref, account.email_enc)];
    }
    if (row.tenant_id === INSTALLATION_CHAIN)
      return this.deps.operatorEmail === undefined ? [] : [this.deps.operatorEmail];
    return (await this.deps.channels.targets(row.tenant_id)).recipients;
  }
}
