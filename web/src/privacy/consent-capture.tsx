/**
 * The counter's consent panel: find the customer by phone, then one tap on a purpose records the
 * customer's answer at once (source `counter`, the notice in force); another tap withdraws it.
 * It also logs a customer's privacy request at the counter, with the identity checked in person.
 * Only masked details are shown; nothing is kept after the panel closes.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { consentPurposes, privacyApi, type ConsentState, type CustomerMatch } from '../api/privacy.api';
import { formatDate } from '../format/dates';
import { ErrorMessage, Notice } from '../shell/status';
import { RequestKindField, type RequestKindChoice } from './request-kind-field';

function RequestForm({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<RequestKindChoice>('access');
  const [inPerson, setInPerson] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const request = await privacyApi.logRequest({
        kind,
        customerId,
        channel: 'counter',
        verifiedInPerson: inPerson,
      });
      setDone(t('privacy.counter.logged', { reference: request.reference, due: formatDate(request.dueAt) }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details>
      <summary>{t('privacy.counter.request')}</summary>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <RequestKindField
          id="privacy-kind"
          label={t('privacy.counter.kind')}
          value={kind}
          onChange={setKind}
        />
        <label className="check">
          <input type="checkbox" checked={inPerson} onChange={(e) => setInPerson(e.target.checked)} />
          {t('privacy.counter.inPerson')}
        </label>
        <ErrorMessage error={error} />
        <Notice>{done}</Notice>
        <button type="submit" className="secondary">
          {t('privacy.counter.logRequest')}
        </button>
      </form>
    </details>
  );
}

export function ConsentCapture() {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [matches, setMatches] = useState<CustomerMatch[] | null>(null);
  const [chosen, setChosen] = useState<CustomerMatch | null>(null);
  const [consents, setConsents] = useState<ConsentState[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    setChosen(null);
    try {
      setMatches((await privacyApi.lookupByPhone(phone.trim())).customers);
    } catch (e) {
      setError(e);
    }
  };
  const choose = async (customer: CustomerMatch) => {
    setChosen(customer);
    setMatches(null);
    setPhone('');
    try {
      setConsents((await privacyApi.consents(customer.id)).consents);
    } catch (e) {
      setError(e);
    }
  };
  const tap = async (state: ConsentState) => {
    if (chosen === null) return;
    setBusy(true);
    setError(null);
    try {
      setConsents((await privacyApi.recordConsent(chosen.id, [state.purpose], !state.granted)).consents);
      const purpose = t(`privacy.purposes.${state.purpose}`);
      setNotice(
        t('privacy.counter.recorded', {
          purpose,
          state: t(state.granted ? 'privacy.counter.withdrawn' : 'privacy.counter.agreed'),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel stack" aria-labelledby="consent-title" data-testid="consent-capture">
      <h2 id="consent-title">{t('privacy.counter.title')}</h2>
      <form className="row consent-find" onSubmit={(e) => void find(e)}>
        <label htmlFor="consent-phone" className="visually-hidden">
          {t('privacy.counter.phone')}
        </label>
        <input
          id="consent-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          placeholder={t('privacy.counter.phone')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          required
          minLength={4}
        />
        <button type="submit" className="secondary">
          {t('privacy.counter.find')}
        </button>
      </form>
      {matches !== null && matches.length === 0 && <p>{t('privacy.counter.noMatch')}</p>}
      {matches?.map((m) => (
        <button key={m.id} type="button" className="secondary" onClick={() => void choose(m)}>
          {t('privacy.counter.choose', { name: `${m.name ?? '—'} ${m.phone ?? ''}` })}
        </button>
      ))}
      {chosen !== null && chosen.erased && <p>{t('privacy.counter.erased')}</p>}
      {chosen !== null && !chosen.erased && (
        <div className="stack">
          <p>
            <strong>{chosen.name}</strong> {chosen.phone}
          </p>
          <p className="hint">{t('privacy.counter.intro')}</p>
          <div className="row wrap" role="group" aria-label={t('privacy.counter.title')}>
            {consentPurposes.map((purpose) => {
              const state = consents.find((c) => c.purpose === purpose) ?? {
                purpose,
                granted: false,
                noticeVersion: null,
                updatedAt: null,
              };
              const label = t(`privacy.purposes.${purpose}`);
              return (
                <button
                  key={purpose}
                  type="button"
                  className={state.granted ? 'primary small' : 'secondary small'}
                  aria-pressed={state.granted}
                  disabled={busy}
                  title={t(state.granted ? 'privacy.counter.granted' : 'privacy.counter.notGranted', {
                    purpose: label,
                  })}
                  onClick={() => void tap(state)}
                >
                  {label}
                </button>
              );
            })}
          </div>
          <RequestForm customerId={chosen.id} />
        </div>
      )}
      <ErrorMessage error={error} />
      <Notice>{notice}</Notice>
    </section>
  );
}
