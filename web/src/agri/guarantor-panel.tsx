/**
 * The guarantor of a farmer's khata, where the shop keeps one (issue 17): the name shown masked,
 * set, changed or removed by those who may change customers (recorded, never the name), and shown
 * whole only after a reason (and the password when the last one is old), recorded in the audit
 * trail like any personal field, until "Hide".
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';
import { guarantorApi, type Reason } from './farmer-records.api';
import { ReasonFields } from './reason-fields';

function RevealGuarantor({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<Reason>({ category: 'billing_dispute', text: '' });
  const [name, setName] = useState<string | null>(null);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setName((await guarantorApi.reveal(customerId, { ...reason, text: reason.text.trim() })).name);
    });
  };
  if (name !== null)
    return (
      <div className="row wrap">
        <p data-testid="guarantor-revealed">{name}</p>
        <button type="button" className="secondary" onClick={() => setName(null)}>
          {t('farmerRecords.guarantor.hide')}
        </button>
      </div>
    );
  return (
    <form className="row wrap" onSubmit={submit} aria-busy={action.busy}>
      <ReasonFields idPrefix="guarantor" value={reason} onChange={setReason} />
      <button type="submit" className="secondary" disabled={action.busy}>
        {t('farmerRecords.guarantor.reveal')}
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
}

export function GuarantorPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [version, setVersion] = useState(0);
  const view = useFetch(`${customerId}:${String(version)}`, () => guarantorApi.view(customerId));
  const [name, setName] = useState('');
  const action = useAction();
  const v = view.data;
  if (v === null) return null;
  const canWrite = session.permissions.has('customer.write');
  const change = (next: string | null, done: string) =>
    void action.run(async () => {
      await guarantorApi.set(customerId, next);
      setName('');
      setVersion((n) => n + 1);
      return done;
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change(name, t('farmerRecords.guarantor.saved'));
  };
  return (
    <section className="card stack" aria-labelledby="guarantor-title" data-testid="khata-guarantor">
      <h2 id="guarantor-title">{t('farmerRecords.guarantor.title')}</h2>
      <p className="hint">{t('farmerRecords.guarantor.intro')}</p>
      <p data-testid="guarantor-masked">{v.masked ?? t('farmerRecords.guarantor.none')}</p>
      {canWrite && (
        <form className="row wrap" onSubmit={submit} aria-busy={action.busy}>
          <div className="field">
            <label htmlFor="guarantor-name">
              {t(v.masked === null ? 'farmerRecords.guarantor.name' : 'farmerRecords.guarantor.newName')}
            </label>
            <input
              id="guarantor-name"
              autoComplete="off"
              maxLength={120}
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={action.busy}>
            {t('farmerRecords.guarantor.save')}
          </button>
          {v.masked !== null && (
            <button
              type="button"
              className="secondary"
              disabled={action.busy}
              onClick={() => change(null, t('farmerRecords.guarantor.removed'))}
            >
              {t('farmerRecords.guarantor.remove')}
            </button>
          )}
        </form>
      )}
      <ErrorMessage error={action.error} fields={{ name: t('farmerRecords.guarantor.name') }} />
      <Notice>{action.notice}</Notice>
      {v.masked !== null && session.permissions.has('customer.pii.reveal') && (
        <RevealGuarantor customerId={customerId} />
      )}
    </section>
  );
}
