/**
 * Webhooks: a JSON body POSTed with an HMAC-SHA256 signature over `<timestamp>.<raw body>` in
 * `X-Tijori-Signature: t=<unix seconds>,v1=<hex>`, so a receiver holding the shared secret can
 * check that the body came from Tijori and refuse replays older than a few minutes.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-tijori-signature';
export const DELIVERY_HEADER = 'x-tijori-delivery';

/** The signature header value for a body sent at `timestampSeconds`. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export interface WebhookResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** POSTs a signed body; never throws (network errors come back as a failed result). */
export async function postWebhook(
  url: string,
  secret: string,
  body: string,
  deliveryId: string,
  now: Date,
  timeoutMs = 10_000,
): Promise<WebhookResult> {
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tijori-Webhook/1',
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        [DELIVERY_HEADER]: deliveryId,
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return { ok: false, status: null, error: name === 'TimeoutError' ? 'timed out' : 'connection failed' };
  }
}
