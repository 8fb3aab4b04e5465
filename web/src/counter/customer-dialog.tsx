/**
 * Who is buying: find a customer by phone or its last 4 digits (or email, GSTIN), shown masked;
 * choose one, sell to a walk-in (no customer), or add one quickly (a phone and, if given, a name;
 * a GSTIN for a business). Nothing typed here stays in the browser after the dialog closes.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { customersApi, lookupOf, type CustomerView } from '../api/customers.api';
import { formatRupees } from '../format/money';
import { Dialog } from '../shell/dialog';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';

export interface CustomerDialogProps {
  onChoose: (customer: CustomerView | null) => void;
  onClose: () => void;
}

function QuickAdd({ onAdded }: { onAdded: (c: CustomerView) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [gstin, setGstin] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const added = await customersApi.create({
        name: name.trim() === '' ? t('customer.walkInName') : name.trim(),
        ...(phone.trim() === '' ? {} : { phone: phone.trim() }),
        ...(gstin.trim() === '' ? {} : { gstin: gstin.trim().toUpperCase() }),
      });
      onAdded(added);
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-labelledby="quick-add-title">
      <h3 id="quick-add-title">{t('customer.quickAdd')}</h3>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="new-phone">{t('customer.phone')}</label>
          <input
            id="new-phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            required={name.trim() === ''}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-name">{t('customer.nameOptional')}</label>
          <input id="new-name" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-gstin">{t('customer.gstinOptional')}</label>
          <input
            id="new-gstin"
            autoComplete="off"
            maxLength={15}
            value={gstin}
            onChange={(e) => setGstin(e.target.value)}
          />
        </div>
      </div>
      <ErrorMessage error={action.error} />
      <button type="submit" className="secondary" disabled={action.busy}>
        {t('customer.addAndChoose')}
      </button>
    </form>
  );
}

export function CustomerDialog({ onChoose, onClose }: CustomerDialogProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [found, setFound] = useState<CustomerView[] | null>(null);
  const [problem, setProblem] = useState(false);
  const action = useAction();
  const search = (event: FormEvent) => {
    event.preventDefault();
    const lookup = lookupOf(text);
    setProblem(lookup === null);
    if (lookup === null) return;
    void action.run(async () => {
      setFound((await customersApi.lookup(lookup)).customers);
    });
  };
  return (
    <Dialog title={t('customer.title')} onClose={onClose} wide>
      <form className="stack" onSubmit={search} role="search">
        <div className="row">
          <div className="field grow">
            <label htmlFor="customer-lookup">{t('customer.lookupLabel')}</label>
            <input
              id="customer-lookup"
              autoFocus
              autoComplete="off"
              inputMode="tel"
              value={text}
              aria-describedby="customer-lookup-hint"
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={action.busy}>
            {t('customer.find')}
          </button>
        </div>
        <p id="customer-lookup-hint" className="hint">
          {t('customer.lookupHint')}
        </p>
        {problem && (
          <p className="message message-error" role="alert">
            {t('customer.lookupInvalid')}
          </p>
        )}
        <ErrorMessage error={action.error} />
      </form>
      {found !== null && (
        <div className="table-wrap" aria-live="polite">
          {found.length === 0 ? (
            <p className="empty">{t('customer.noneFound')}</p>
          ) : (
            <table data-testid="customer-results">
              <thead>
                <tr>
                  <th scope="col">{t('customer.name')}</th>
                  <th scope="col">{t('customer.phone')}</th>
                  <th scope="col" className="num">
                    {t('customer.balance')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('customer.choose')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {found.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name ?? '—'}</th>
                    <td>{c.phone ?? '—'}</td>
                    <td className="num">{formatRupees(c.balancePaise)}</td>
                    <td>
                      <button type="button" className="small primary" onClick={() => onChoose(c)}>
                        {t('customer.choose')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <QuickAdd onAdded={onChoose} />
      <div className="row">
        <button type="button" className="secondary" onClick={() => onChoose(null)}>
          {t('customer.walkIn')}
        </button>
        <button type="button" className="link" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
