/** Messages and their delivery states (server: /api/v1/messages). */
import { api } from './api-client';

export const messageStates = ['queued', 'sent', 'retrying', 'failed'] as const;
export type MessageState = (typeof messageStates)[number];

/** A message's real state, as the outbox has it (also attached to timeline notices). */
export interface MessageStatus {
  deliveryId: string;
  channel: string;
  state: MessageState;
  attempts: number;
  sentAt: string | null;
  nextAttemptAt: string | null;
  reason: string | null;
}

export interface MessageView extends MessageStatus {
  purpose: string;
  createdAt: string;
  /** Masked (`d***@example.com`), or null for a webhook. */
  recipient: string | null;
}

export const messagesApi = {
  list: (state?: MessageState) =>
    api<{ messages: MessageView[] }>('GET', `/messages${state === undefined ? '' : `?state=${state}`}`),
  retry: (id: string) => api<{ message: MessageView }>('POST', `/messages/${encodeURIComponent(id)}/retry`),
};
