/**
 * Containment from the incident page: pick an action and its target; the server does it through
 * the identity or keys service and records it (a drill records it as simulated). Sensitive: the
 * API client asks for the password again when the server wants step-up.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { incidentsApi } from '../api/incidents.api';
import { useAction } from '../shell/use-load';
import { ErrorMessage, Notice } from '../shell/status';

const actions = [
  'disable_user',
  'revoke_sessions',
  'revoke_api_tokens',
  'force_password_reset',
  'rotate_keys',
  'revoke_device',
] as const;
type ActionCode = (typeof actions)[number];
const purposes = ['customer_pii', 'payment_ref', 'documents', 'staff_pii', 'auth_secrets'];

function bodyOf(action: ActionCode, scope: string, target: string, keys: string[]): Record<string, unknown> {
  const id = target.trim();
  switch (action) {
    case 'disable_user':
    case 'force_password_reset':
      return { action, userId: id };
    case 'revoke_sessions':
      return {
        action,
        scope,
        ...(scope === 'user' ? { userId: id } : scope === 'store' ? { storeId: id } : {}),
      };
    case 'revoke_api_tokens':
      return { action, userId: id };
    case 'rotate_keys':
      return { action, purposes: keys };
    case 'revoke_device':
      return { action, deviceId: id };
  }
}

/** What an action did, in words: one phrase per result field the server sent. */
function resultText(t: TFunction, result: Record<string, unknown>): string {
  return Object.entries(result)
    .map(([key, value]) => {
      if (Array.isArray(value)) {
        if (value.length === 0 && key === 'alreadyRunning') return '';
        return t(`incidents.results.${key}`, { count: value.length, list: value.join(', ') });
      }
      if (typeof value === 'number') return t(`incidents.results.${key}`, { count: value });
      return value === true ? t(`incidents.results.${key}`) : '';
    })
    .filter((phrase) => phrase !== '')
    .join('; ');
}

export function ContainmentPanel({ incidentId, onChange }: { incidentId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const run = useAction();
  const [action, setAction] = useState<ActionCode>('revoke_sessions');
  const [scope, setScope] = useState('user');
  const [target, setTarget] = useState('');
  const [keys, setKeys] = useState<string[]>(['customer_pii']);
  const needsTarget = action !== 'rotate_keys' && !(action === 'revoke_sessions' && scope === 'all');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run.run(async () => {
      const done = await incidentsApi.contain(incidentId, bodyOf(action, scope, target, keys));
      onChange();
      return done.simulated
        ? t('incidents.simulated')
        : t('incidents.done', { result: resultText(t, done.result) });
    });
  };

  return (
    <section aria-labelledby="contain-title" className="panel stack">
      <h2 id="contain-title">{t('incidents.containTitle')}</h2>
      <form className="row wrap" onSubmit={submit} aria-busy={run.busy}>
        <div className="field">
          <label htmlFor="contain-action">{t('incidents.action')}</label>
          <select
            id="contain-action"
            value={action}
            onChange={(e) => setAction(e.target.value as ActionCode)}
          >
            {actions.map((a) => (
              <option key={a} value={a}>
                {t(`incidents.actions.${a}`)}
              </option>
            ))}
          </select>
        </div>
        {action === 'revoke_sessions' && (
          <div className="field">
            <label htmlFor="contain-scope">{t('incidents.actions.revoke_sessions')}</label>
            <select id="contain-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
              {(['user', 'store', 'all'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`incidents.sessionScope.${s}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        {needsTarget && (
          <div className="field">
            <label htmlFor="contain-target">{t('incidents.target')}</label>
            <input id="contain-target" required value={target} onChange={(e) => setTarget(e.target.value)} />
          </div>
        )}
        {action === 'rotate_keys' && (
          <fieldset className="checks">
            <legend>{t('incidents.actions.rotate_keys')}</legend>
            {purposes.map((p) => (
              <label key={p} className="check">
                <input
                  type="checkbox"
                  checked={keys.includes(p)}
                  onChange={(e) => setKeys(e.target.checked ? [...keys, p] : keys.filter((k) => k !== p))}
                />
                {t(`keys.purposes.${p}`, { defaultValue: p })}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" className="danger" disabled={run.busy}>
          {t('incidents.run')}
        </button>
      </form>
      <ErrorMessage error={run.error} />
      <Notice>{run.notice}</Notice>
    </section>
  );
}
