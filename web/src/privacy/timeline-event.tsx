/**
 * One step of a privacy request's timeline in words: the step's name, who took it and when; a
 * notice to the customer says what really became of it (queued, sent at, failed with the reason
 * and the next try), never "notified" for a send that has not left.
 */
import { useTranslation } from 'react-i18next';
import type { MessageStatus } from '../api/messages.api';
import { formatDateTime } from '../format/dates';
import { plainWords } from '../format/words';
import { noticeWords } from '../messages/message-words';

export interface TimelineStep {
  at: string;
  kind: string;
  actorType: string;
  /** Notice steps only: the notice's state (null: none was sent). */
  notice?: MessageStatus | null;
}

export function TimelineEvent({ event }: { event: TimelineStep }) {
  const { t } = useTranslation();
  const what =
    event.kind === 'customer_notified'
      ? noticeWords(t, event.notice)
      : t(`messages.events.${event.kind}`, { defaultValue: plainWords(event.kind) });
  const state = event.notice?.state;
  return (
    <li data-notice-state={state}>
      {formatDateTime(event.at)} — {what} (
      {t(`messages.by.${event.actorType}`, { defaultValue: plainWords(event.actorType) })})
    </li>
  );
}
