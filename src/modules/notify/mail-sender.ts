/**
 * Outgoing mail behind a small interface, so that alerts now and privacy OTPs or breach notices
 * later send through one configured transport. The SMTP implementation uses nodemailer with
 * TLS (implicit with `secure`, otherwise STARTTLS when the server offers it).
 */
import nodemailer from 'nodemailer';
import type { Config } from '../../config/config.js';
import { AppError } from '../../domain/app-error.js';

export interface MailMessage {
  to: readonly string[];
  subject: string;
  text: string;
}

export interface MailSender {
  /** False when no SMTP server is configured: callers skip email instead of failing later. */
  readonly configured: boolean;
  send(message: MailMessage): Promise<void>;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  /** Refuse servers without a valid certificate (default true; a LAN relay may need false). */
  rejectUnauthorized?: boolean;
}

/** Sends through an SMTP server. */
export function smtpMailSender(settings: SmtpSettings): MailSender {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user === undefined ? {} : { auth: { user: settings.user, pass: settings.password ?? '' } }),
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: settings.rejectUnauthorized ?? true },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    configured: true,
    async send(message) {
      await transport.sendMail({
        from: settings.from,
        to: [...message.to],
        subject: message.subject,
        text: message.text,
      });
    },
  };
}

/** The sender when no SMTP server is configured. */
export const noMailSender: MailSender = {
  configured: false,
  send() {
    return Promise.reject(new AppError('unavailable', 'no SMTP server is configured (TIJORI_SMTP_HOST)'));
  },
};

/** The sender the configuration asks for. */
export function mailSenderFromConfig(config: Config): MailSender {
  if (config.smtpHost === undefined) return noMailSender;
  return smtpMailSender({
    host: config.smtpHost,
    port: config.smtpPort,
    secure: config.smtpSecure,
    ...(config.smtpUser === undefined ? {} : { user: config.smtpUser }),
    ...(config.smtpPassword === undefined ? {} : { password: config.smtpPassword }),
    from: config.smtpFrom ?? `Tijori <tijori@${config.smtpHost}>`,
    rejectUnauthorized: config.smtpTlsVerify,
  });
}
