/**
 * A tenant's alert channels: email recipients and a webhook (URL and shared secret), each with the
 * lowest severity it receives, and whether new signed checkpoints are sent too. Recipients, URL
 * and secret are encrypted; reads show recipients masked and never the secret. Changing channels
 * changes the shop's security posture: the route asks for step-up and the change is recorded.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AlertSeverity } from '../../db/tables/audit.tables.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import { maskEmail } from '../auth/masking.js';
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';

for (const [column, purpose] of [
  ['email_recipients_enc', 'staff_pii'],
  ['webhook_url_enc', 'auth_secrets'],
  ['webhook_secret_enc', 'auth_secrets'],
] as const)
  declareEncryptedColumn({ table: 'alert_channels', column, purpose, rowIdColumn: 'tenant_id' });

export interface AlertChannelsInput {
  /** Absent keeps the recipients on file (the view shows them masked, so a form cannot resend them). */
  emailRecipients?: string[];
  emailMinSeverity: AlertSeverity;
  /** null removes the webhook; absent keeps it; a secret is generated when none is given. */
  webhook?: { url: string; secret?: string } | null;
  webhookMinSeverity: AlertSeverity;
  sendCheckpoints: boolean;
}

export interface AlertChannelsView {
  emailRecipients: string[];
  emailMinSeverity: AlertSeverity;
  webhook: { configured: boolean; host: string | null };
  webhookMinSeverity: AlertSeverity;
  sendCheckpoints: boolean;
}

/** Decrypted targets, only for sending. */
export interface ChannelTargets {
  recipients: string[];
  webhook: { url: string; secret: string } | null;
}

const ref = (tenantId: string, column: string) => ({
  tenantId,
  table: 'alert_channels',
  column,
  rowId: tenantId,
});

export class AlertChannelService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      cipher: FieldCipher;
      audit: AuditRecorder;
      allowHttpWebhooks: boolean;
    },
  ) {}

  async view(tenantId: string): Promise<AlertChannelsView> {
    const row = await this.row(tenantId);
    const targets = await this.targets(tenantId);
    return {
      emailRecipients: targets.recipients.map(maskEmail),
      emailMinSeverity: row?.email_min_severity ?? 'medium',
      webhook: {
        configured: targets.webhook !== null,
        host: targets.webhook === null ? null : new URL(targets.webhook.url).host,
      },
      webhookMinSeverity: row?.webhook_min_severity ?? 'low',
      sendCheckpoints: row?.send_checkpoints === 1,
    };
  }

  /** Replaces the channels (what is absent stays); returns a generated webhook secret once. */
  async update(ctx: AuditContext, input: AlertChannelsInput): Promise<{ webhookSecret?: string }> {
    const tenantId = ctx.tenantId;
    const current = await this.row(tenantId);
    const webhook = input.webhook;
    if (webhook !== undefined && webhook !== null) this.checkUrl(webhook.url);
    const generated = webhook !== undefined && webhook !== null && webhook.secret === undefined;
    const secret = webhook?.secret ?? randomBytes(32).toString('base64url');
    // Encrypt before the transaction: the first use of a key writes it on its own connection.
    const emails = input.emailRecipients;
    const recipients =
      emails === undefined
        ? (current?.email_recipients_enc ?? null)
        : emails.length === 0
          ? null
          : await this.deps.cipher.encrypt(
              'staff_pii',
              ref(tenantId, 'email_recipients_enc'),
              JSON.stringify([...new Set(emails.map((e) => e.trim().toLowerCase()))]),
            );
    const url =
      webhook === undefined
        ? (current?.webhook_url_enc ?? null)
        : webhook === null
          ? null
          : await this.deps.cipher.encrypt('auth_secrets', ref(tenantId, 'webhook_url_enc'), webhook.url);
    const secretEnc =
      webhook === undefined
        ? (current?.webhook_secret_enc ?? null)
        : webhook === null
          ? null
          : await this.deps.cipher.encrypt('auth_secrets', ref(tenantId, 'webhook_secret_enc'), secret);
    const values = {
      email_recipients_enc: recipients,
      email_min_severity: input.emailMinSeverity,
      webhook_url_enc: url,
      webhook_secret_enc: secretEnc,
      webhook_min_severity: input.webhookMinSeverity,
      send_checkpoints: input.sendCheckpoints ? 1 : 0,
      updated_at: this.deps.clock.now().toISOString(),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('alert_channels')
        .values({ tenant_id: tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'settings.alerts.update',
        objectType: 'tenant',
        objectId: tenantId,
        outcome: 'success',
        details: {
          emailRecipients: emails === undefined ? 'unchanged' : emails.length,
          emailMinSeverity: input.emailMinSeverity,
          webhook: webhook === undefined ? 'unchanged' : webhook !== null,
          webhookSecretGenerated: generated,
          webhookMinSeverity: input.webhookMinSeverity,
          sendCheckpoints: input.sendCheckpoints,
        },
      });
    });
    return generated ? { webhookSecret: secret } : {};
  }

  /** The decrypted recipients and webhook, for the delivery job. */
  async targets(tenantId: string): Promise<ChannelTargets> {
    const row = await this.row(tenantId);
    const decrypt = (column: string, value: string) => this.deps.cipher.decrypt(ref(tenantId, column), value);
    const list = row?.email_recipients_enc ?? null;
    const url = row?.webhook_url_enc ?? null;
    const secret = row?.webhook_secret_enc ?? null;
    return {
      recipients: list === null ? [] : (JSON.parse(await decrypt('email_recipients_enc', list)) as string[]),
      webhook:
        url === null || secret === null
          ? null
          : {
              url: await decrypt('webhook_url_enc', url),
              secret: await decrypt('webhook_secret_enc', secret),
            },
    };
  }

  private async row(tenantId: string, db: Kysely<Database> = this.deps.db) {
    return db.selectFrom('alert_channels').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  private checkUrl(raw: string): void {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AppError('validation_failed', 'the webhook URL is not a valid URL', 'webhook.url');
    }
    const httpAllowed = this.deps.allowHttpWebhooks && url.protocol === 'http:';
    if (url.protocol !== 'https:' && !httpAllowed)
      throw new AppError('validation_failed', 'the webhook URL must use https', 'webhook.url');
    if (url.username !== '' || url.password !== '')
      throw new AppError('validation_failed', 'put no credentials in the webhook URL', 'webhook.url');
  }
}
