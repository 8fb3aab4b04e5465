/**
 * One incident: its state and the next steps, the reporting clocks counting down, the affected
 * customers, scope analysis, containment, notices to authorities and to customers, the review,
 * and the timeline. Each panel calls the API on its own and the page reloads what it shows after
 * a change.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { incidentsApi, type Incident, type TimelineEvent } from '../api/incidents.api';
import { useAction } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { formatDuration } from '../format/ist-input';
import { ErrorMessage, Loading } from '../shell/status';
import { Clocks } from './clocks';
import { ContainmentPanel } from './containment-panel';
import { CustomerNoticePanel } from './customer-notice-panel';
import { IncidentTabs } from './incident-tabs';
import { NoticesPanel } from './notices-panel';
import { ReviewPanel } from './review-panel';
import { ScopePanel } from './scope-panel';
import { TimelinePanel } from './timeline-panel';

interface Loaded {
  incident: Incident;
  description: string | null;
  events: TimelineEvent[];
  loadedAt: number;
}

function StatusBar({ incident, onChange }: { incident: Incident; onChange: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const early = incident.status === 'detected' || incident.status === 'triaged';
  const move = (to: string) =>
    void action.run(async () => {
      await incidentsApi.transition(
        incident.id,
        to,
        to === 'closed' && early ? { resolution: 'false_positive' } : {},
      );
      onChange();
    });
  return (
    <div className="stack">
      <div className="row wrap">
        <span className="badge" data-testid="incident-status">
          {t(`incidents.statuses.${incident.status}`)}
        </span>
        {incident.nextStatuses.map((to) => (
          <button
            key={to}
            type="button"
            className={to === 'closed' && early ? 'secondary' : 'primary'}
            disabled={action.busy}
            onClick={() => move(to)}
          >
            {to === 'closed' && early
              ? t('incidents.falseAlarm')
              : t('incidents.moveTo', { status: t(`incidents.statuses.${to}`) })}
          </button>
        ))}
      </div>
      <ErrorMessage error={action.error} />
    </div>
  );
}

export default function IncidentDetailPage() {
  const { t } = useTranslation();
  const { incidentId = '' } = useParams();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    () =>
      Promise.all([incidentsApi.get(incidentId), incidentsApi.timeline(incidentId)]).then(
        ([{ incident, description }, { events }]): Loaded => ({
          incident,
          description,
          events,
          loadedAt: Date.now(),
        }),
      ),
    [incidentId],
  );
  useEffect(() => {
    let live = true;
    load().then(
      (loaded) => live && setData(loaded),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [load]);
  const reload = () =>
    void load().then(
      (loaded) => {
        setData(loaded);
        setError(null);
      },
      (e: unknown) => setError(e),
    );

  if (data === null)
    return (
      <div className="stack">
        <IncidentTabs />
        {error === null ? <Loading /> : <ErrorMessage error={error} />}
      </div>
    );
  const { incident } = data;
  const reviewing = ['recovered', 'closed', 'reviewed'].includes(incident.status);
  return (
    <div className="stack">
      <IncidentTabs />
      <h1>
        {incident.reference}: {incident.title}{' '}
        {incident.drill && <span className="badge">{t('incidents.drill')}</span>}
      </h1>
      <ErrorMessage error={error} />
      <p>
        {t(`incidents.severities.${incident.severity}`)} · CERT-In {incident.certIn.item}:{' '}
        {incident.certIn.type} · {t('incidents.awareAt')}: {formatDateTime(incident.awareAt)}
      </p>
      {data.description !== null && <p>{data.description}</p>}
      <StatusBar incident={incident} onChange={reload} />
      <Clocks clocks={incident.clocks} loadedAt={data.loadedAt} />
      <section aria-labelledby="affected-title" className="panel">
        <h2 id="affected-title">{t('incidents.affected')}</h2>
        <p data-testid="affected">
          {t('incidents.affectedCount', { count: incident.affected.customers })}
          {Object.entries(incident.affected.categories).map(([c, n]) => ` · ${c} ${String(n)}`)}
        </p>
        {incident.timeToContainMs !== null && (
          <p>
            {t('incidents.timeToContain')}: {formatDuration(incident.timeToContainMs)}
          </p>
        )}
      </section>
      <ScopePanel incidentId={incident.id} awareAt={incident.awareAt} onChange={reload} />
      <ContainmentPanel incidentId={incident.id} onChange={reload} />
      <NoticesPanel incidentId={incident.id} clocks={incident.clocks} onChange={reload} />
      {incident.dataCategories.length > 0 && (
        <CustomerNoticePanel incidentId={incident.id} onChange={reload} />
      )}
      {reviewing && <ReviewPanel incidentId={incident.id} onChange={reload} />}
      <TimelinePanel incidentId={incident.id} events={data.events} onChange={reload} />
    </div>
  );
}
