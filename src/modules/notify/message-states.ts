/**
 * What a person is told about a message in the outbox: its real state (queued, sent, retrying
 * after a failure, failed for good), the attempt count, the next attempt and a short reason that
 * holds no personal data ("mail server refused: 550", never the server's text, which may quote
 * the address).
 */
import type { Database } from '../../db/schema.js';

export const messageStates = ['queued', 'sent', 'retrying', 'failed'] as const;
export type MessageState = (typeof messageStates)[number];

export interface MessageStatus {
  deliveryId: string;
  channel: string;
  state: MessageState;
  attempts: number;
  /** When it was sent (state `sent`). */
  sentAt: string | null;
  /** When it is tried next (states `queued` and `retrying`). */
  nextAttemptAt: string | null;
  /** Why the last attempt failed (states `retrying` and `failed`). */
  reason: string | null;
}

type DeliveryRow = Pick<
  Database['notification_deliveries'],
  'id' | 'channel' | 'status' | 'attempts' | 'next_attempt_at' | 'delivered_at' | 'last_error'
>;

export function messageStatus(row: DeliveryRow): MessageStatus {
  const state: MessageState =
    row.status === 'delivered'
      ? 'sent'
      : row.status === 'failed'
        ? 'failed'
        : row.attempts > 0 && row.last_error !== null
          ? 'retrying'
          : 'queued';
  return {
    deliveryId: row.id,
    channel: row.channel,
    state,
    attempts: row.attempts,
    sentAt: state === 'sent' ? row.delivered_at : null,
    nextAttemptAt: state === 'queued' || state === 'retrying' ? row.next_attempt_at : null,
    reason: state === 'retrying' || state === 'failed' ? row.last_error : null,
  };
}

const unreachable = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED']);

/**
 * A short reason for a failed send, built from the error's codes only (an SMTP reply code, a
 * network error class); errors of our own (`AppError`) already hold no personal data.
 */
export function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return 'sending failed';
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 600)
    return `mail server refused: ${responseCode}`;
  if (code === 'EAUTH') return 'mail server refused the sign-in';
  if (typeof code === 'string' && unreachable.has(code)) return 'mail server unreachable';
  if (error.name === 'AppError') return error.message;
  return 'sending failed';
}
