/**
 * Notices to the authorities whose clocks apply: draft from the incident as recorded, edit, then
 * record as sent (with the acknowledgement number) or as not required. Recording stops the clock.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { incidentsApi, type Clock, type Notice } from '../api/incidents.api';
import { useAction, useLoad } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { ErrorMessage } from '../shell/status';

const reasons = [
  'no_personal_data',
  'no_eu_residents',
  'not_a_reportable_incident',
  'reported_by_another_party',
  'false_positive',
];

function NoticeCard(props: {
  incidentId: string;
  authority: Clock['clock'];
  notice: Notice | undefined;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { incidentId, authority, notice, onChange } = props;
  const action = useAction();
  const [text, setText] = useState(notice?.body ?? '');
  const [ack, setAck] = useState('');
  const [reason, setReason] = useState(reasons[0] ?? '');
  const act = (work: () => Promise<{ notice: Notice }>) =>
    void action.run(async () => {
      const { notice: next } = await work();
      setText(next.body);
      onChange();
    });
  return (
    <article className="stack" data-testid={`notice-${authority}`}>
      <h3>
        {t(`incidents.authorities.${authority}`)}{' '}
        {notice !== undefined && (
          <span className="badge">
            {t(`incidents.noticeStatus.${notice.status}`)}
            {notice.sentAt !== null && ` ${formatDateTime(notice.sentAt)}`}
          </span>
        )}
      </h3>
      {(notice === undefined || notice.status === 'draft') && (
        <div className="row wrap">
          <button
            type="button"
            className="secondary"
            disabled={action.busy}
            onClick={() => act(() => incidentsApi.draftNotice(incidentId, authority))}
          >
            {t('incidents.draft')}
          </button>
          <select
            aria-label={t('incidents.notRequired')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          >
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="secondary"
            disabled={action.busy}
            onClick={() => act(() => incidentsApi.noticeNotRequired(incidentId, authority, reason))}
          >
            {t('incidents.notRequired')}
          </button>
        </div>
      )}
      {notice?.status === 'draft' && (
        <>
          <textarea
            aria-label={t(`incidents.authorities.${authority}`)}
            rows={14}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="row wrap">
            <button
              type="button"
              className="secondary"
              disabled={action.busy}
              onClick={() => act(() => incidentsApi.editNotice(incidentId, authority, text))}
            >
              {t('incidents.saveDraft')}
            </button>
            <input
              aria-label={t('incidents.ackRef')}
              placeholder={t('incidents.ackRef')}
              value={ack}
              onChange={(e) => setAck(e.target.value)}
            />
            <button
              type="button"
              className="primary"
              disabled={action.busy}
              onClick={() => act(() => incidentsApi.noticeSent(incidentId, authority, ack))}
            >
              {t('incidents.markSent')}
            </button>
          </div>
        </>
      )}
      {notice !== undefined && notice.status !== 'draft' && <pre className="notice-text">{notice.body}</pre>}
      <ErrorMessage error={action.error} />
    </article>
  );
}

export function NoticesPanel({
  incidentId,
  clocks,
  onChange,
}: {
  incidentId: string;
  clocks: readonly Clock[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [loader] = useState(() => () => incidentsApi.notices(incidentId));
  const { data, reload } = useLoad(loader);
  const changed = () => {
    void reload();
    onChange();
  };
  return (
    <section aria-labelledby="notices-title" className="panel stack">
      <h2 id="notices-title">{t('incidents.noticesTitle')}</h2>
      {data !== null &&
        clocks
          .filter((c) => c.status !== 'not_applicable')
          .map((c) => (
            <NoticeCard
              key={`${c.clock}:${data.notices.find((n) => n.authority === c.clock)?.status ?? 'none'}`}
              incidentId={incidentId}
              authority={c.clock}
              notice={data.notices.find((n) => n.authority === c.clock)}
              onChange={changed}
            />
          ))}
    </section>
  );
}
