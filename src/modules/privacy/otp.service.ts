/**
 * One-time codes that verify a requester's identity: 6 digits from the CSPRNG, sent to the email
 * or phone on record (never to an address the requester types), stored only as a keyed hash
 * (HMAC-SHA256 with a secret derived from the key-encryption key, so a stolen database cannot be
 * brute-forced offline), valid 10 minutes, at most 5 guesses (counted with a compare-and-set, so a
 * concurrent burst cannot exceed them), used once. A newer code replaces older ones.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import type { MailSender } from '../notify/mail-sender.js';
import type { SmsSender } from '../notify/sms-sender.js';
import { addEvent } from './request.repository.js';

export const OTP_DIGITS = 6;
export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;

export type OtpChannel = 'email' | 'sms';

export interface OtpDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  senders: { mail: MailSender; sms: SmsSender };
  /** The HMAC key for code hashes (derived from the KEK). */
  hashKey: () => Promise<Buffer>;
  shopName: (tenantId: string) => Promise<string>;
}

export type OtpCheck = 'ok' | 'wrong' | 'expired';

export class OtpService {
  constructor(private readonly deps: OtpDeps) {}

  private async hash(tenantId: string, requestId: string, code: string): Promise<string> {
    return createHmac('sha256', await this.deps.hashKey())
      .update(`${tenantId}\n${requestId}\n${code}`)
      .digest('hex');
  }

  /** The channel a code can go to for this customer (email first), or null. */
  async channelFor(tenantId: string, customerId: string): Promise<OtpChannel | null> {
    const row = await this.deps.db
      .selectFrom('customers')
      .select(['email_enc', 'phone_enc'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', customerId)
      .executeTakeFirst();
    if (row?.email_enc !== null && row?.email_enc !== undefined && this.deps.senders.mail.configured)
      return 'email';
    if (row?.phone_enc !== null && row?.phone_enc !== undefined && this.deps.senders.sms.configured)
      return 'sms';
    return null;
  }

  /**
   * Issues a new code for the request (recorded on its timeline and in the audit trail, channel
   * only) and sends it to the customer's contact on record.
   */
  async issue(ctx: AuditContext, requestId: string, customerId: string, channel: OtpChannel): Promise<void> {
    const tenantId = ctx.tenantId;
    const code = String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');
    const now = this.deps.clock.now();
    const to = await this.contactOnRecord(tenantId, customerId, channel);
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('privacy_otps')
        .set({ used_at: now.toISOString() })
        .where('tenant_id', '=', tenantId)
        .where('request_id', '=', requestId)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .insertInto('privacy_otps')
        .values({
          tenant_id: tenantId,
          id: newId(),
          request_id: requestId,
          channel,
          code_hash: await this.hash(tenantId, requestId, code),
          expires_at: new Date(now.getTime() + OTP_TTL_MS).toISOString(),
          attempts: 0,
          used_at: null,
          created_at: now.toISOString(),
        })
        .execute();
      await addEvent(trx, tenantId, requestId, now.toISOString(), 'code_sent', ctx.actor, { channel });
      await this.deps.audit.record(trx, ctx, {
        action: 'privacy.request.code_sent',
        objectType: 'privacy_request',
        objectId: requestId,
        outcome: 'success',
        details: { channel },
      });
    });
    const shop = await this.deps.shopName(tenantId);
    const text = `${code} is your code to confirm your privacy request at ${shop}. It expires in 10 minutes. Never share it with anyone who calls you.`;
    if (channel === 'email')
      await this.deps.senders.mail.send({ to: [to], subject: `${shop}: your verification code`, text });
    else await this.deps.senders.sms.send({ to, text });
  }

  /** The customer's email or phone on record, decrypted for one message. */
  private async contactOnRecord(tenantId: string, customerId: string, channel: OtpChannel): Promise<string> {
    const row = await this.deps.db
      .selectFrom('customers')
      .select(['email_enc', 'phone_enc'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
    const column = channel === 'email' ? 'email_enc' : 'phone_enc';
    const envelope = row[column];
    if (envelope === null) throw new Error('no contact on record for this channel');
    return this.deps.cipher.decrypt(
      { tenantId, table: 'customers', column, rowId: customerId, subjectId: customerId },
      envelope,
    );
  }

  /**
   * Sends the password of a data export to the customer's contact on record (email first, the
   * same order as codes), apart from the file; the password is not kept anywhere (ADR 0062).
   */
  async sendExportPassword(tenantId: string, customerId: string, password: string): Promise<void> {
    const channel = await this.channelFor(tenantId, customerId);
    if (channel === null) throw new Error('no channel for this customer');
    const to = await this.contactOnRecord(tenantId, customerId, channel);
    const shop = await this.deps.shopName(tenantId);
    const text = `The password for your data export from ${shop} is ${password} (capital letters and digits, with the dashes). The file itself comes separately; open it with 7-Zip or another zip program that supports AES. Nobody from the shop will ask you for this password.`;
    if (channel === 'email')
      await this.deps.senders.mail.send({
        to: [to],
        subject: `${shop}: the password for your data export`,
        text,
      });
    else await this.deps.senders.sms.send({ to, text });
  }

  /**
   * Checks a code: a guess is taken from the budget first (compare-and-set, retried when another
   * guess moved the count meanwhile), so every guess is either counted or refused, and at most
   * `OTP_MAX_ATTEMPTS` are ever compared.
   */
  async check(tenantId: string, requestId: string, code: string): Promise<OtpCheck> {
    const now = this.deps.clock.now().toISOString();
    let otp: Database['privacy_otps'] | undefined;
    for (let tries = 0; ; tries += 1) {
      otp = await this.deps.db
        .selectFrom('privacy_otps')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('request_id', '=', requestId)
        .where('used_at', 'is', null)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (otp === undefined || otp.expires_at <= now || otp.attempts >= OTP_MAX_ATTEMPTS) return 'expired';
      const took = await this.deps.db
        .updateTable('privacy_otps')
        .set({ attempts: otp.attempts + 1 })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', otp.id)
        .where('attempts', '=', otp.attempts)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (took.numUpdatedRows > 0n) break;
      if (tries >= 3 * OTP_MAX_ATTEMPTS) return 'wrong';
    }
    const given = Buffer.from(await this.hash(tenantId, requestId, code.trim()), 'hex');
    if (!timingSafeEqual(given, Buffer.from(otp.code_hash, 'hex'))) return 'wrong';
    const used = await this.deps.db
      .updateTable('privacy_otps')
      .set({ used_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', otp.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return used.numUpdatedRows === 1n ? 'ok' : 'expired';
  }
}
