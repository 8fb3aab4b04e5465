/**
 * The messages the shop sent (or tried to send) from the outbox, for the back office: each with
 * its real state, channel, purpose and times, the recipient masked (decrypted only to mask it), and
 * a "retry now" for a failed one, recorded in the audit trail. Timelines (privacy requests) read
 * the state of their notices here too, so they never say "notified" for a send that has not left.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { maskEmail, maskPhone } from '../auth/masking.js';
import type { NotificationDelivery } from './delivery.js';
import { messageStatus, type MessageState, type MessageStatus } from './message-states.js';

export interface MessageView extends MessageStatus {
  /** What the message is for (the outbox kind, for example `privacy_request_closed`). */
  purpose: string;
  createdAt: string;
  /** Masked (`d***@example.com`, `98xxxxxx04`), or null for a webhook or no contact. */
  recipient: string | null;
}

export interface MessageServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  delivery: NotificationDelivery;
}

type Row = Database['notification_deliveries'];

export class MessageService {
  constructor(private readonly deps: MessageServiceDeps) {}

  /** The latest messages, newest first, optionally of one state. */
  async list(tenantId: string, filter: { state?: MessageState; limit: number }): Promise<MessageView[]> {
    let query = this.deps.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId);
    if (filter.state === 'sent') query = query.where('status', '=', 'delivered');
    else if (filter.state === 'failed') query = query.where('status', '=', 'failed');
    else if (filter.state === 'retrying')
      query = query.where('status', '=', 'pending').where('last_error', 'is not', null);
    else if (filter.state === 'queued')
      query = query.where('status', '=', 'pending').where('last_error', 'is', null);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
    return Promise.all(rows.map((row) => this.view(row)));
  }

  /** The states of these messages (a timeline's notices), by delivery id. */
  async statuses(tenantId: string, ids: readonly string[]): Promise<Map<string, MessageStatus>> {
    if (ids.length === 0) return new Map();
    const rows = await this.deps.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, messageStatus(row)]));
  }

  /** Sends a waiting message now (a notice that must leave before the customer is erased). */
  async sendNow(tenantId: string, id: string): Promise<boolean> {
    const claimed = await this.deps.db
      .transaction()
      .execute(async (trx) => this.deps.delivery.claimNow(trx, await this.find(trx, tenantId, id)));
    return claimed !== null && this.deps.delivery.sendClaimed(claimed);
  }

  /**
   * Sends a failed or waiting message now (one attempt), recorded in the audit trail. Refused
   * when it was sent already or is being sent at this moment (two presses send it once).
   */
  async retryNow(actor: ServiceActor, id: string): Promise<MessageView> {
    const claimed = await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.find(trx, actor.tenantId, id);
      if (row.status === 'delivered') throw new AppError('conflict', 'the message was already sent');
      const claim = await this.deps.delivery.claimNow(trx, row);
      if (claim === null) throw new AppError('conflict', 'the message is being sent right now');
      await this.deps.audit.record(trx, actor.audit, {
        action: 'monitoring.message.retry',
        objectType: 'message',
        objectId: id,
        outcome: 'success',
        details: { channel: row.channel, purpose: row.kind, attempts: row.attempts },
      });
      return claim;
    });
    await this.deps.delivery.sendClaimed(claimed);
    return this.view(await this.find(this.deps.db, actor.tenantId, id));
  }

  private async find(db: Kysely<Database>, tenantId: string, id: string): Promise<Row> {
    const row = await db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('message');
    return row;
  }

  private async view(row: Row): Promise<MessageView> {
    const to = await this.deps.delivery.recipientOf(row).catch(() => null);
    return {
      ...messageStatus(row),
      purpose: row.kind,
      createdAt: row.created_at,
      recipient: to === null ? null : row.channel === 'sms' ? maskPhone(to) : maskEmail(to),
    };
  }
}
