/**
 * Incidents: the list (newest first, drills marked, the CERT-In countdown of open ones) and the
 * form that opens one. The moment of awareness is typed in India time; the server keeps it in UTC
 * and starts the reporting clocks there.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { incidentsApi, type Vocabulary } from '../api/incidents.api';
import { useAction, useLoad } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { instantToIstInput, istInputToInstant } from '../format/ist-input';
import { ErrorMessage } from '../shell/status';
import { ClockLine } from './clocks';
import { IncidentTabs } from './incident-tabs';

const severities = ['low', 'medium', 'high', 'critical'] as const;

function OpenIncidentForm({ vocabulary }: { vocabulary: Vocabulary }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const action = useAction();
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState(vocabulary.categories[0]?.code ?? '');
  const [severity, setSeverity] = useState<string>('high');
  const [awareAt, setAwareAt] = useState(() => instantToIstInput(new Date()));
  const [description, setDescription] = useState('');
  const [data, setData] = useState<string[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const { incident } = await incidentsApi.create({
        title,
        category,
        severity,
        awareAt: istInputToInstant(awareAt) ?? awareAt,
        dataCategories: data,
        ...(description.trim() === '' ? {} : { description }),
      });
      await navigate(`/incidents/${incident.id}`);
    });
  };

  return (
    <section aria-labelledby="open-title" className="panel stack">
      <h2 id="open-title">{t('incidents.open')}</h2>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <div className="field">
          <label htmlFor="incident-title">{t('incidents.titleLabel')}</label>
          <input
            id="incident-title"
            required
            maxLength={120}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <div className="row wrap">
          <div className="field">
            <label htmlFor="incident-category">{t('incidents.category')}</label>
            <select id="incident-category" value={category} onChange={(e) => setCategory(e.target.value)}>
              {vocabulary.categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="incident-severity">{t('incidents.severity')}</label>
            <select id="incident-severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
              {severities.map((s) => (
                <option key={s} value={s}>
                  {t(`incidents.severities.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="incident-aware">{t('incidents.awareAt')}</label>
            <input
              id="incident-aware"
              type="datetime-local"
              required
              value={awareAt}
              onChange={(e) => setAwareAt(e.target.value)}
            />
          </div>
        </div>
        <fieldset className="checks">
          <legend>{t('incidents.dataCategories')}</legend>
          {vocabulary.dataCategories.map((c) => (
            <label key={c.code} className="check">
              <input
                type="checkbox"
                checked={data.includes(c.code)}
                onChange={(e) =>
                  setData(e.target.checked ? [...data, c.code] : data.filter((d) => d !== c.code))
                }
              />
              {c.label}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="incident-description">{t('incidents.description')}</label>
          <textarea
            id="incident-description"
            rows={3}
            maxLength={5000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <ErrorMessage error={action.error} />
        <button type="submit" className="primary" disabled={action.busy || title.trim() === ''}>
          {t('incidents.create')}
        </button>
      </form>
    </section>
  );
}

const loadAll = async () => {
  const [list, vocabulary] = await Promise.all([incidentsApi.list(), incidentsApi.vocabulary()]);
  return { incidents: list.incidents, vocabulary, loadedAt: Date.now() };
};

export default function IncidentsPage() {
  const { t } = useTranslation();
  const { data, error } = useLoad(loadAll);
  return (
    <div className="stack">
      <h1>{t('incidents.title')}</h1>
      <IncidentTabs />
      <p>{t('incidents.intro')}</p>
      <ErrorMessage error={error} />
      {data !== null && (
        <>
          <div className="table-wrap">
            <table data-testid="incidents-table">
              <thead>
                <tr>
                  <th scope="col">{t('incidents.reference')}</th>
                  <th scope="col">{t('incidents.titleLabel')}</th>
                  <th scope="col">{t('incidents.severity')}</th>
                  <th scope="col">{t('incidents.status')}</th>
                  <th scope="col">{t('incidents.awareAt')}</th>
                  <th scope="col">{t('incidents.certInDue')}</th>
                </tr>
              </thead>
              <tbody>
                {data.incidents.length === 0 && (
                  <tr>
                    <td colSpan={6}>{t('incidents.none')}</td>
                  </tr>
                )}
                {data.incidents.map((incident) => {
                  const certIn = incident.clocks.find((c) => c.clock === 'cert_in');
                  return (
                    <tr key={incident.id}>
                      <th scope="row">
                        <Link to={`/incidents/${incident.id}`}>{incident.reference}</Link>
                      </th>
                      <td>
                        {incident.title}
                        {incident.drill && <span className="badge">{t('incidents.drill')}</span>}
                      </td>
                      <td>{t(`incidents.severities.${incident.severity}`)}</td>
                      <td>{t(`incidents.statuses.${incident.status}`)}</td>
                      <td>{formatDateTime(incident.awareAt)}</td>
                      <td>
                        {certIn !== undefined && (
                          <ul className="plain">
                            <ClockLine clock={certIn} loadedAt={data.loadedAt} />
                          </ul>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <OpenIncidentForm vocabulary={data.vocabulary} />
        </>
      )}
    </div>
  );
}
