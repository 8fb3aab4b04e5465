/**
 * Reports from the public page: open one (its text and the reporter's contact: step-up, and the
 * reading is recorded), open an incident from it, or close it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { incidentsApi } from '../api/incidents.api';
import { useAction, useLoad } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { ErrorMessage } from '../shell/status';
import { IncidentTabs } from './incident-tabs';

export default function ReportsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, reload } = useLoad(incidentsApi.reports);
  const action = useAction();
  const [opened, setOpened] = useState<Record<string, { description: string; contact: string | null }>>({});
  return (
    <div className="stack">
      <h1>{t('incidents.reportsTitle')}</h1>
      <IncidentTabs />
      <ErrorMessage error={error ?? action.error} />
      {data?.reports.length === 0 && <p>{t('incidents.noReports')}</p>}
      <ul className="plain stack" data-testid="reports">
        {data?.reports.map((r) => (
          <li key={r.id} className="panel stack">
            <p>
              <strong>{t(`incidents.reportCategories.${r.category}`, { defaultValue: r.category })}</strong> ·{' '}
              {t('incidents.received')} {formatDateTime(r.receivedAt)} · {r.status}
            </p>
            {opened[r.id] !== undefined && (
              <>
                <p>{opened[r.id]?.description}</p>
                {opened[r.id]?.contact !== null && <p className="hint">{opened[r.id]?.contact}</p>}
              </>
            )}
            <div className="row wrap">
              <button
                type="button"
                className="secondary small"
                onClick={() =>
                  void action.run(async () => {
                    const { report } = await incidentsApi.report(r.id);
                    setOpened({ ...opened, [r.id]: report });
                  })
                }
              >
                {t('incidents.openReport')}
              </button>
              {r.status === 'new' && (
                <>
                  <button
                    type="button"
                    className="primary small"
                    onClick={() =>
                      void action.run(async () => {
                        const { incidentId } = await incidentsApi.promoteReport(r.id);
                        await navigate(`/incidents/${incidentId}`);
                      })
                    }
                  >
                    {t('incidents.promote')}
                  </button>
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() =>
                      void action.run(async () => {
                        await incidentsApi.closeReport(r.id);
                        await reload();
                      })
                    }
                  >
                    {t('incidents.closeReport')}
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
