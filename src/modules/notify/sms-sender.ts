/**
 * Outgoing SMS behind a small interface, so that privacy one-time codes and breach notices send
 * through one configured gateway. The implementation posts JSON to an HTTPS gateway (most Indian
 * SMS providers offer such an API, or a small relay in front of one) with a bearer token, the
 * registered sender id (DLT header) and, per message, the DLT template id that Indian regulations
 * require for transactional SMS. Numbers and texts are personal data: they travel only in the
 * request body, never in a URL or a log line.
 */
import type { Config } from '../../config/config.js';
import { AppError } from '../../domain/app-error.js';

export interface SmsMessage {
  /** E.164, for example `+919812345678`. */
  to: string;
  text: string;
  /** The DLT template the text was registered under, when the gateway needs it. */
  dltTemplateId?: string;
}

export interface SmsReceipt {
  /** The gateway's message id, when it returns one. */
  providerRef: string | null;
}

export interface SmsSender {
  /** False when no gateway is configured: callers fall back to email or say SMS is off. */
  readonly configured: boolean;
  send(message: SmsMessage): Promise<SmsReceipt>;
}

export interface SmsGatewaySettings {
  url: string;
  token: string;
  senderId: string;
  /** Plain http only for a relay on a trusted network (tests, a LAN relay). */
  allowHttp?: boolean;
  timeoutMs?: number;
}

const e164 = /^\+[1-9][0-9]{7,14}$/;

/** Sends through an HTTP gateway; throws AppError `unavailable` (no data in it) when it fails. */
export function httpSmsSender(settings: SmsGatewaySettings): SmsSender {
  const url = new URL(settings.url);
  if (url.protocol !== 'https:' && !(settings.allowHttp === true && url.protocol === 'http:'))
    throw new AppError('validation_failed', 'the SMS gateway must be an https URL', 'smsGatewayUrl');
  return {
    configured: true,
    async send(message) {
      if (!e164.test(message.to))
        throw new AppError('validation_failed', 'an SMS number must be in E.164 form', 'to');
      if (message.text.length === 0 || message.text.length > 1_000)
        throw new AppError('validation_failed', 'an SMS text must be 1 to 1,000 characters', 'text');
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${settings.token}`,
            'user-agent': 'Tijori-SMS/1',
          },
          body: JSON.stringify({
            to: message.to,
            text: message.text,
            sender: settings.senderId,
            ...(message.dltTemplateId === undefined ? {} : { dltTemplateId: message.dltTemplateId }),
          }),
          signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
          redirect: 'error',
        });
      } catch {
        throw new AppError('unavailable', 'the SMS gateway could not be reached');
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new AppError('unavailable', `the SMS gateway refused the message (HTTP ${response.status})`);
      }
      const body = (await response.json().catch(() => null)) as { id?: unknown } | null;
      const id = body?.id;
      return { providerRef: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
    },
  };
}

/** The sender when no gateway is configured. */
export const noSmsSender: SmsSender = {
  configured: false,
  send() {
    return Promise.reject(
      new AppError('unavailable', 'no SMS gateway is configured (TIJORI_SMS_GATEWAY_URL)'),
    );
  },
};

/** The sender the configuration asks for. */
export function smsSenderFromConfig(config: Config): SmsSender {
  if (config.smsGatewayUrl === undefined) return noSmsSender;
  if (config.smsGatewayToken === undefined)
    throw new AppError(
      'validation_failed',
      'TIJORI_SMS_GATEWAY_URL is set without TIJORI_SMS_GATEWAY_TOKEN: set the gateway token too',
      'smsGatewayToken',
    );
  return httpSmsSender({
    url: config.smsGatewayUrl,
    token: config.smsGatewayToken,
    senderId: config.smsSenderId,
    allowHttp: config.smsGatewayAllowHttp,
  });
}
