/**
 * Scope analysis: a suspect picked from lists (a staff member by name, a device or a session by
 * its person and when it was used, an API token by its name, a customer found by phone or email,
 * a data key by what it protects; never an id typed by hand) and a window in India time; the
 * server reads the audit trail and answers how many customers, per data category. Every analysis
 * stays with the incident.
 */
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { adminApi, type KeyEntry } from '../api/admin.api';
import { customersApi, lookupOf, type CustomerView } from '../api/customers.api';
import { incidentsApi, type SuspectChoices } from '../api/incidents.api';
import { useAction, useLoad } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { instantToIstInput, istInputToInstant } from '../format/ist-input';
import { valueWords, type Names } from '../format/words';
import { ErrorMessage } from '../shell/status';
import { useNames } from '../shell/use-names';

const kinds = ['user', 'device', 'session', 'api_token', 'customer', 'key'] as const;
type Kind = (typeof kinds)[number];
const DAY = 86_400_000;
/** A customer's own key (crypto-shredding): its scope is that customer's data. */
const customerKey = (customerId: string) => `s_${customerId}`;

interface Suspect {
  type: 'user' | 'device' | 'session' | 'api_token' | 'key';
  id: string;
  version?: number;
}

const emptyChoices: SuspectChoices = { devices: [], sessions: [], tokens: [] };

const loadKeys = async (): Promise<KeyEntry[]> => {
  try {
    return (await adminApi.keys()).keys.filter((k) => k.kind === 'encryption');
  } catch {
    return []; // A role without the key list picks customers and people only.
  }
};

/** Each pickable suspect of a kind, with what a person reads for it. */
function optionsOf(
  t: TFunction,
  kind: Exclude<Kind, 'customer'>,
  names: Names,
  choices: SuspectChoices,
  keys: readonly KeyEntry[],
  people: readonly { id: string; name: string }[],
): { value: string; label: string; suspect: Suspect }[] {
  const who = (userId: string) => names[userId] ?? t('incidents.someone');
  switch (kind) {
    case 'user':
      return people.map((p) => ({ value: p.id, label: p.name, suspect: { type: 'user', id: p.id } }));
    case 'device':
      return choices.devices.map((d, i) => ({
        value: `d${String(i)}`,
        label: t('incidents.deviceChoice', { person: who(d.userId), when: formatDateTime(d.lastSeenAt) }),
        suspect: { type: 'device', id: d.id },
      }));
    case 'session':
      return choices.sessions.map((s) => ({
        value: s.id,
        label: t('incidents.sessionChoice', {
          person: who(s.userId),
          from: formatDateTime(s.startedAt),
          to: formatDateTime(s.lastSeenAt),
        }),
        suspect: { type: 'session', id: s.id },
      }));
    case 'api_token':
      return choices.tokens.map((k) => ({
        value: k.id,
        label: t('incidents.tokenChoice', { name: k.name, person: who(k.userId) }),
        suspect: { type: 'api_token', id: k.id },
      }));
    case 'key':
      return keys.map((k) => ({
        value: `${k.keyId}:${String(k.version)}`,
        label: t('incidents.keyChoice', {
          purpose: t(`keys.purposes.${k.purpose}`, { defaultValue: t('keys.purpose') }),
          version: k.version,
        }),
        suspect: { type: 'key', id: k.keyId, version: k.version },
      }));
  }
}

/** A customer found by phone or email, picked as the suspect. */
function CustomerFinder({ onPick }: { onPick: (customer: CustomerView | null) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [found, setFound] = useState<CustomerView[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const finding = useAction();
  const find = () =>
    void finding.run(async () => {
      const lookup = lookupOf(text);
      if (lookup === null) throw new Error(t('incidents.customerLookupHint'));
      setFound((await customersApi.lookup(lookup)).customers);
      setPicked(null);
      onPick(null);
    });
  return (
    <div className="stack">
      <div className="row wrap">
        <div className="field">
          <label htmlFor="scope-customer">{t('incidents.customerLookup')}</label>
          <input
            id="scope-customer"
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                find();
              }
            }}
          />
        </div>
        <button
          type="button"
          className="secondary"
          disabled={finding.busy || text.trim() === ''}
          onClick={find}
        >
          {t('incidents.find')}
        </button>
      </div>
      <ErrorMessage error={finding.error} />
      {found !== null && found.length === 0 && <p role="status">{t('incidents.noCustomer')}</p>}
      {found !== null && found.length > 0 && (
        <fieldset className="checks">
          <legend>{t('incidents.pickCustomer')}</legend>
          {found.map((c) => (
            <label key={c.id} className="check">
              <input
                type="radio"
                name="scope-customer-pick"
                checked={picked === c.id}
                onChange={() => {
                  setPicked(c.id);
                  onPick(c);
                }}
              />
              {[c.name ?? t('incidents.unnamedCustomer'), c.phone, c.email].filter(Boolean).join(' · ')}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}

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
  const choices = useLoad(incidentsApi.suspects);
  const keys = useLoad(loadKeys);
  const { names, people } = useNames();
  const action = useAction();
  const [kind, setKind] = useState<Kind>('user');
  const [picked, setPicked] = useState('');
  const [customer, setCustomer] = useState<CustomerView | null>(null);
  const [from, setFrom] = useState(() => instantToIstInput(new Date(Date.parse(awareAt) - DAY)));
  const [to, setTo] = useState(() => instantToIstInput(new Date(Date.now() + 60_000)));

  const options =
    kind === 'customer'
      ? []
      : optionsOf(t, kind, names, choices.data ?? emptyChoices, keys.data ?? [], people);
  const suspect: Suspect | null =
    kind === 'customer'
      ? customer === null
        ? null
        : { type: 'key', id: customerKey(customer.id) }
      : (options.find((o) => o.value === picked)?.suspect ?? null);
  const windowed = suspect !== null && suspect.type !== 'key';

  /** What a saved analysis was about, in words (never its id). */
  const aboutOf = (type: string, id: string): string => {
    if (type === 'key' && id.startsWith('s_')) return t('incidents.suspectTypes.customer');
    const known = kinds
      .filter((k): k is Exclude<Kind, 'customer'> => k !== 'customer')
      .flatMap((k) => optionsOf(t, k, names, choices.data ?? emptyChoices, keys.data ?? [], people))
      .find((o) => o.suspect.type === type && o.suspect.id === id);
    return known?.label ?? '';
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (suspect === null) return;
    void action.run(async () => {
      await incidentsApi.scope(incidentId, {
        suspect,
        ...(windowed ? { from: istInputToInstant(from), to: istInputToInstant(to) } : {}),
      });
      await reload();
      onChange();
    });
  };

  return (
    <section aria-labelledby="scope-title" className="panel stack">
      <h2 id="scope-title">{t('incidents.scopeTitle')}</h2>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <div className="row wrap">
          <div className="field">
            <label htmlFor="scope-type">{t('incidents.suspectType')}</label>
            <select
              id="scope-type"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setPicked('');
                setCustomer(null);
              }}
            >
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`incidents.suspectTypes.${k}`)}
                </option>
              ))}
            </select>
          </div>
          {kind !== 'customer' && (
            <div className="field">
              <label htmlFor="scope-pick">{t('incidents.suspectPick')}</label>
              <select id="scope-pick" value={picked} onChange={(e) => setPicked(e.target.value)}>
                <option value="">
                  {options.length === 0 ? t('incidents.noneToPick') : t('incidents.choose')}
                </option>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        {kind === 'customer' && <CustomerFinder onPick={setCustomer} />}
        <div className="row wrap">
          {windowed && (
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
                <input
                  id="scope-to"
                  type="datetime-local"
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                />
              </div>
            </>
          )}
          <button type="submit" className="primary" disabled={action.busy || suspect === null}>
            {t('incidents.analyse')}
          </button>
        </div>
      </form>
      <ErrorMessage error={action.error ?? choices.error} />
      <ul className="plain stack" data-testid="scopes">
        {data?.scopes.map((s) => (
          <li key={s.id}>
            <strong>
              {s.suspectType === 'key' && s.suspectId.startsWith('s_')
                ? t('incidents.suspectTypes.customer')
                : t(`incidents.suspectTypes.${s.suspectType}`, { defaultValue: t('incidents.someone') })}
            </strong>{' '}
            {s.suspectType === 'key' && s.suspectId.startsWith('s_')
              ? ''
              : aboutOf(s.suspectType, s.suspectId)}
            {s.from !== null && s.to !== null && ` · ${formatDateTime(s.from)} – ${formatDateTime(s.to)}`}:{' '}
            {t('incidents.scopeResult', {
              customers: s.customers,
              categories: Object.entries(s.categories)
                .map(([c, n]) => `${valueWords(t, c) ?? ''} ${String(n)}`)
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
