/**
 * Drills: rehearse on a simulated incident (now, at a time, or every N days). A drill runs the
 * real workflow in drill mode (nothing sent, nothing changed) and keeps its evidence: when it
 * started, time to contain, when it closed, what it would have sent.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { incidentsApi } from '../api/incidents.api';
import { useAction, useLoad } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { formatDuration, istInputToInstant } from '../format/ist-input';
import { ErrorMessage } from '../shell/status';
import { IncidentTabs } from './incident-tabs';

export default function DrillsPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(incidentsApi.drills);
  const action = useAction();
  const [scenario, setScenario] = useState('');
  const [when, setWhen] = useState('');
  const [repeat, setRepeat] = useState('');
  const chosen = scenario !== '' ? scenario : (data?.scenarios[0]?.code ?? '');

  const plan = (startNow: boolean) =>
    void action.run(async () => {
      await incidentsApi.scheduleDrill({
        scenario: chosen,
        ...(startNow || when === '' ? {} : { scheduledFor: istInputToInstant(when) }),
        ...(repeat === '' ? {} : { repeatDays: Number(repeat) }),
        ...(startNow ? { startNow: true } : {}),
      });
      await reload();
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    plan(false);
  };

  return (
    <div className="stack">
      <h1>{t('incidents.drillsTitle')}</h1>
      <IncidentTabs />
      <p>{t('incidents.drillsIntro')}</p>
      <ErrorMessage error={error ?? action.error} />
      <form className="panel row wrap" onSubmit={submit} aria-busy={action.busy}>
        <div className="field">
          <label htmlFor="drill-scenario">{t('incidents.scenario')}</label>
          <select id="drill-scenario" value={chosen} onChange={(e) => setScenario(e.target.value)}>
            {data?.scenarios.map((s) => (
              <option key={s.code} value={s.code}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="drill-when">{t('incidents.scheduledFor')}</label>
          <input
            id="drill-when"
            type="datetime-local"
            value={when}
            onChange={(e) => setWhen(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="drill-repeat">{t('incidents.repeatDays')}</label>
          <input
            id="drill-repeat"
            type="number"
            min={7}
            max={366}
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </div>
        <button type="submit" className="secondary" disabled={action.busy || chosen === ''}>
          {t('incidents.schedule')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={action.busy || chosen === ''}
          onClick={() => plan(true)}
        >
          {t('incidents.startNow')}
        </button>
      </form>
      <div className="table-wrap">
        <table data-testid="drills-table">
          <thead>
            <tr>
              <th scope="col">{t('incidents.scenario')}</th>
              <th scope="col">{t('incidents.status')}</th>
              <th scope="col">{t('incidents.scheduledFor')}</th>
              <th scope="col">{t('incidents.timeToContain')}</th>
              <th scope="col" className="num">
                {t('incidents.wouldSendCount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data?.drills.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  {d.incidentId === null ? (
                    d.scenario
                  ) : (
                    <Link to={`/incidents/${d.incidentId}`}>{d.scenario}</Link>
                  )}
                </th>
                <td>
                  {t(`incidents.drillStates.${d.status}`, { defaultValue: d.status })}
                  {d.status === 'scheduled' && (
                    <button
                      type="button"
                      className="secondary small"
                      onClick={() =>
                        void action.run(async () => {
                          await incidentsApi.startDrill(d.id);
                          await reload();
                        })
                      }
                    >
                      {t('incidents.start')}
                    </button>
                  )}
                </td>
                <td>{formatDateTime(d.startedAt ?? d.scheduledFor)}</td>
                <td>{d.timeToContainMs === null ? '—' : formatDuration(d.timeToContainMs)}</td>
                <td className="num">{d.wouldSend}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
