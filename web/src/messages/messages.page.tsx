/**
 * Messages: what the shop sent (alerts to staff, notices and reminders to customers, webhooks),
 * newest first, each with its real state (queued, sent, failed and retrying, failed), channel,
 * purpose and time, the recipient masked; a filter by state; "retry now" for one that failed
 * (`monitoring.manage`, recorded in the audit trail).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { messagesApi, messageStates, type MessageState, type MessageView } from '../api/messages.api';
import { useSession } from '../auth/session';
import { formatDateTime } from '../format/dates';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';
import { channelWords, reasonWords } from './message-words';

const stateClass: Record<MessageState, string> = {
  queued: 'badge',
  sent: 'badge good',
  retrying: 'badge warn',
  failed: 'badge bad',
};

function StateCell({ message }: { message: MessageView }) {
  const { t } = useTranslation();
  const facts: string[] = [];
  if (message.sentAt !== null)
    facts.push(t('messages.detail.sentAt', { when: formatDateTime(message.sentAt) }));
  if (message.reason !== null) facts.push(reasonWords(t, message.reason));
  if (message.attempts > 0) facts.push(t('messages.detail.attempts', { count: message.attempts }));
  if (message.nextAttemptAt !== null && message.state === 'retrying')
    facts.push(t('messages.detail.nextAt', { when: formatDateTime(message.nextAttemptAt) }));
  return (
    <td>
      <span className={stateClass[message.state]}>{t(`messages.states.${message.state}`)}</span>
      {facts.length > 0 && <div className="hint">{facts.join('; ')}</div>}
    </td>
  );
}

export default function MessagesPage() {
  const { t } = useTranslation();
  const canRetry = useSession().permissions.has('monitoring.manage');
  const [state, setState] = useState<MessageState | 'all'>('all');
  const list = useFetch(state, () => messagesApi.list(state === 'all' ? undefined : state));
  const action = useAction();
  const retry = (message: MessageView) =>
    void action.run(async () => {
      const { message: after } = await messagesApi.retry(message.deliveryId);
      await list.reload();
      return t('messages.retried', { state: t(`messages.states.${after.state}`) });
    });
  return (
    <div className="stack">
      <h1>{t('messages.title')}</h1>
      <p>{t('messages.intro')}</p>
      <div className="row" role="tablist" aria-label={t('messages.filter')}>
        {(['all', ...messageStates] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={state === s}
            className={state === s ? 'primary' : 'secondary'}
            onClick={() => setState(s)}
          >
            {s === 'all' ? t('messages.all') : t(`messages.states.${s}`)}
          </button>
        ))}
      </div>
      <ErrorMessage error={list.error ?? action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
      {list.data !== null && (
        <div className="table-wrap">
          <table data-testid="messages-table">
            <thead>
              <tr>
                <th scope="col">{t('messages.when')}</th>
                <th scope="col">{t('messages.purpose')}</th>
                <th scope="col">{t('messages.channel')}</th>
                <th scope="col">{t('messages.recipient')}</th>
                <th scope="col">{t('messages.state')}</th>
                {canRetry && <th scope="col">{t('messages.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.messages.length === 0 && (
                <tr>
                  <td colSpan={canRetry ? 6 : 5} className="empty">
                    {t('messages.none')}
                  </td>
                </tr>
              )}
              {list.data.messages.map((m) => (
                <tr key={m.deliveryId} data-state={m.state}>
                  <td>{formatDateTime(m.createdAt)}</td>
                  <th scope="row">
                    {t(`messages.purposes.${m.purpose}`, { defaultValue: t('messages.purposes.other') })}
                  </th>
                  <td>{channelWords(t, m.channel)}</td>
                  <td>{m.recipient ?? t('messages.noRecipient')}</td>
                  <StateCell message={m} />
                  {canRetry && (
                    <td>
                      {(m.state === 'failed' || m.state === 'retrying') && (
                        <button
                          type="button"
                          className="small primary"
                          disabled={action.busy}
                          onClick={() => retry(m)}
                        >
                          {t('messages.retry')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
