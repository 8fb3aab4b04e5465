/**
 * The alerts inbox: what the detectors raised (brute force, password spraying, a new device,
 * off-hours access, bulk reveals or exports, privilege changes, MFA removed, a broken audit
 * chain), open first; acknowledging says someone is on it, resolving closes it (both recorded).
 */
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { alertsApi, type AlertView } from '../api/security.api';
import { useSession } from '../auth/session';
import { formatDateTime } from '../format/dates';
import { detailsWords, plainWords, type Names } from '../format/words';
import { useNames } from '../shell/use-names';
import { ErrorMessage } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';
import { severityClass } from './alert-severity';

type Status = 'open' | 'acknowledged' | 'resolved';
const statuses: readonly Status[] = ['open', 'acknowledged', 'resolved'];

/** The alert's facts in words, ids replaced by the names they stand for. */
function facts(t: TFunction, alert: AlertView, names: Names): string {
  return detailsWords(t, alert.details, names).join('; ');
}

export default function AlertsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canAct = session.permissions.has('monitoring.manage');
  const { names } = useNames();
  const [status, setStatus] = useState<Status>('open');
  const list = useFetch(status, () => alertsApi.list(status));
  const action = useAction();
  const act = (alert: AlertView, step: 'acknowledge' | 'resolve') =>
    void action.run(async () => {
      await alertsApi[step](alert.id);
      await list.reload();
    });
  return (
    <div className="stack">
      <h1>{t('alerts.title')}</h1>
      <Link to="/alerts/messages">{t('messages.link')}</Link>
      <div className="row" role="tablist" aria-label={t('alerts.status')}>
        {statuses.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={status === s}
            className={status === s ? 'primary' : 'secondary'}
            onClick={() => setStatus(s)}
          >
            {t(`alerts.statuses.${s}`)}
          </button>
        ))}
      </div>
      <ErrorMessage error={list.error ?? action.error} />
      {list.data !== null && (
        <div className="table-wrap">
          <table data-testid="alerts-table">
            <thead>
              <tr>
                <th scope="col">{t('alerts.severity')}</th>
                <th scope="col">{t('alerts.what')}</th>
                <th scope="col" className="num">
                  {t('alerts.count')}
                </th>
                <th scope="col">{t('alerts.firstSeen')}</th>
                <th scope="col">{t('alerts.lastSeen')}</th>
                <th scope="col">{t('audit.details')}</th>
                {canAct && status !== 'resolved' && <th scope="col">{t('users.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.alerts.length === 0 && (
                <tr>
                  <td colSpan={7} className="empty">
                    {t('alerts.none')}
                  </td>
                </tr>
              )}
              {list.data.alerts.map((a) => (
                <tr key={a.id}>
                  <td>
                    <span className={severityClass(a.severity)}>{t(`alerts.severities.${a.severity}`)}</span>
                  </td>
                  <th scope="row">
                    {t(`alerts.detectors.${a.detector}`, { defaultValue: plainWords(a.detector) })}
                  </th>
                  <td className="num">{a.count}</td>
                  <td>{formatDateTime(a.firstSeenAt)}</td>
                  <td>{formatDateTime(a.lastSeenAt)}</td>
                  <td className="details">{facts(t, a, names)}</td>
                  {canAct && status !== 'resolved' && (
                    <td>
                      <div className="row wrap">
                        {a.status === 'open' && (
                          <button
                            type="button"
                            className="small secondary"
                            onClick={() => act(a, 'acknowledge')}
                          >
                            {t('alerts.acknowledge')}
                          </button>
                        )}
                        <button type="button" className="small primary" onClick={() => act(a, 'resolve')}>
                          {t('alerts.resolve')}
                        </button>
                      </div>
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
