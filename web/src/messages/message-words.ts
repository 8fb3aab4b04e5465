/**
 * A message's state in the shopkeeper's words: the server keeps short reasons in English codes
 * ("mail server refused: 550"); these turn them into a sentence in the chosen language, and say
 * what became of a customer notice on a timeline (queued, sent at, failed and when it is retried).
 */
import type { TFunction } from 'i18next';
import type { MessageStatus } from '../api/messages.api';
import { formatDateTime } from '../format/dates';

const reasons: Array<[RegExp, string]> = [
  [/^mail server refused: (\d{3})$/, 'refused'],
  [/^mail server refused the sign-in$/, 'signIn'],
  [/^mail server unreachable$/, 'unreachable'],
  [/^the customer has no such contact$/, 'noContact'],
  [/^no longer deliverable$/, 'noLonger'],
  [/^(SMS is not set up|no SMS gateway is configured.*)$/, 'noSms'],
  [/^the SMS gateway refused the message \(HTTP (\d{3})\)$/, 'smsRefused'],
  [/^the SMS gateway could not be reached$/, 'smsUnreachable'],
  [/^HTTP (\d{3})$/, 'http'],
];

/** Why a send failed, as a phrase in the chosen language. */
export function reasonWords(t: TFunction, reason: string | null): string {
  for (const [pattern, key] of reasons) {
    const match = pattern.exec(reason ?? '');
    if (match !== null) return t(`messages.reasons.${key}`, { code: match[1] ?? '' });
  }
  return t('messages.reasons.other');
}

export const channelWords = (t: TFunction, channel: string): string =>
  t(`messages.channels.${channel}`, { defaultValue: channel });

/** What became of a customer notice (null: none was sent; undefined: not known). */
export function noticeWords(t: TFunction, notice: MessageStatus | null | undefined): string {
  if (notice === null) return t('messages.notice.none');
  if (notice === undefined) return t('messages.notice.unknown');
  const channel = channelWords(t, notice.channel);
  switch (notice.state) {
    case 'queued':
      return t('messages.notice.queued', { channel });
    case 'sent':
      return t('messages.notice.sent', { when: formatDateTime(notice.sentAt ?? ''), channel });
    case 'retrying':
      return t('messages.notice.retrying', {
        reason: reasonWords(t, notice.reason),
        when: formatDateTime(notice.nextAttemptAt ?? ''),
      });
    case 'failed':
      return t('messages.notice.failed', { reason: reasonWords(t, notice.reason) });
  }
}
