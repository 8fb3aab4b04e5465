/**
 * Scope analysis: a suspect (account, device, token, session or key) and a window in India time;
 * the server reads the audit trail and answers how many customers, per data category. Every
 * analysis stays with the incident.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { incidentsApi } from '../api/incidents.api';
import { useAction, useLoad } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { instantToIstInput, istInputToInstant } from '../format/ist-input';
import { ErrorMessage } from '../shell/status';

const types = ['user', 'device', 'api_token', 'session', 'key'] as const;
const DAY = 86_400_000;

export function ScopePanel({
  incidentId,
  awareAt,
  onChange,
}: {
  incidentId: string;
  awareAt: string;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [loader] = useState(() => () => incidentsApi.scopes(incidentId));
  const { data, reload } = useLoad(loader);
  const action = useAction();
  const [type, setType] = useState<(typeof types)[number]>('user');
  const [suspect, setSuspect] = useState('');
  const [version, setVersion] = useState('');
  const [from, setFrom] = useState(() => instantToIstInput(new Date(Date.parse(awareAt) - DAY)));
  const [to, setTo] = useState(() => instantToIstInput(new Date(Date.now() + 60_000)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await incidentsApi.scope(incidentId, {
        suspect: {
          type,
          id: suspect.trim(),
          ...(type === 'key' && version !== '' ? { version: Number(version) } : {}),
        },
        ...(type === 'key' ? {} : { from: istInputToInstant(from), to: istInputToInstant(to) }),
      });
      await reload();
      onChange();
    });
  };

  return (
    <section aria-labelledby="scope-title" className="panel stack">
      <h2 id="scope-title">{t('incidents.scopeTitle')}</h2>
      <form className="row wrap" onSubmit={submit} aria-busy={action.busy}>
        <div className="field">
          <label htmlFor="scope-type">{t('incidents.suspectType')}</label>
          <select
            id="scope-type"
            value={type}
            onChange={(e) => setType(e.target.value as (typeof types)[number])}
          >
            {types.map((ty) => (
              <option key={ty} value={ty}>
                {t(`incidents.suspectTypes.${ty}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="scope-id">{t('incidents.suspectId')}</label>
          <input id="scope-id" required value={suspect} onChange={(e) => setSuspect(e.target.value)} />
        </div>
        {type === 'key' ? (
          <div className="field">
            <label htmlFor="scope-version">{t('incidents.keyVersion')}</label>
            <input
              id="scope-version"
              type="number"
              min={1}
              value={version}
              onChange={(e) => setVersion(e.target.value)}
            />
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor="scope-from">{t('incidents.from')}</label>
              <input
                id="scope-from"
                type="datetime-local"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="scope-to">{t('incidents.to')}</label>
              <input id="scope-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
          </>
        )}
        <button type="submit" className="primary" disabled={action.busy || suspect.trim() === ''}>
          {t('incidents.analyse')}
        </button>
      </form>
      <ErrorMessage error={action.error} />
      <ul className="plain stack" data-testid="scopes">
        {data?.scopes.map((s) => (
          <li key={s.id}>
            <strong>{t(`incidents.suspectTypes.${s.suspectType}`, { defaultValue: s.suspectType })}</strong>{' '}
            {s.suspectId}
            {s.from !== null &&
              s.to !== null &&
              ` · ${formatDateTime(s.from)} – ${formatDateTime(s.to)}`}:{' '}
            {t('incidents.scopeResult', {
              customers: s.customers,
              categories: Object.entries(s.categories)
                .map(([c, n]) => `${c} ${String(n)}`)
                .join(', '),
            })}
            {s.unlistedExports > 0 && (
              <span className="badge bad">{t('incidents.unlisted', { count: s.unlistedExports })}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
