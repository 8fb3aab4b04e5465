/** Real receivers for privacy tests: SMTP and an SMS gateway, and the settings that point Tijori at them. */
import { expect } from 'vitest';
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startSmsGateway,
  startSmtpReceiver,
  type SmsGateway,
  type SmtpReceiver,
} from '../../support/mail-and-hooks.js';

export interface Messaging {
  smtp: SmtpReceiver;
  sms: SmsGateway;
  settings: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startMessaging(): Promise<Messaging> {
  const smtp = await startSmtpReceiver();
  const sms = await startSmsGateway();
  return {
    smtp,
    sms,
    settings: {
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpUser: SMTP_USER,
      smtpPassword: SMTP_PASSWORD,
      smtpTlsVerify: false,
      smtpFrom: 'Fake Fabrics <privacy@shop.test>',
      smsGatewayUrl: sms.url,
      smsGatewayToken: 'gateway-token-for-tests',
      smsGatewayAllowHttp: true,
    },
    async close() {
      await smtp.close();
      await sms.close();
    },
  };
}

/** The 6-digit code in the latest email to `to` (waits for it to arrive). */
export async function codeMailedTo(smtp: SmtpReceiver, to: string, after = 0): Promise<string> {
  let code = '';
  await expect
    .poll(() => {
      const mail = smtp.messages.slice(after).findLast((m) => m.to.includes(to));
      code = /\b(\d{6}) is your code\b/.exec(mail?.text ?? '')?.[1] ?? '';
      return code;
    })
    .not.toBe('');
  return code;
}

/** The export password in the latest email to `to` after message `after` (waits for it to arrive). */
export async function exportPasswordMailedTo(smtp: SmtpReceiver, to: string, after = 0): Promise<string> {
  let password = '';
  await expect
    .poll(() => {
      const mail = smtp.messages.slice(after).findLast((m) => m.to.includes(to));
      password = /password for your data export from .+ is (\S+) /.exec(mail?.text ?? '')?.[1] ?? '';
      return password;
    })
    .not.toBe('');
  return password;
}
