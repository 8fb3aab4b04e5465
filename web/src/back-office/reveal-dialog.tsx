/**
 * Revealing a customer's personal data: choose the fields and give a reason; the server asks for
 * the password again when the last one is more than a few minutes old (the API client shows the
 * prompt), records the reveal in the audit trail, and answers the values. They stay in this
 * dialog only, and are gone when it closes.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  customersApi,
  revealReasons,
  type CustomerView,
  type RevealableField,
  type RevealedCustomer,
  type RevealReasonCategory,
} from '../api/customers.api';
import { Dialog } from '../shell/dialog';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';

const fields: readonly RevealableField[] = ['name', 'phone', 'email', 'gstin', 'address'];

function shown(revealed: RevealedCustomer, field: RevealableField): string {
  if (field !== 'address') return revealed[field] ?? '—';
  const a = revealed.address;
  if (a === null || a === undefined) return '—';
  return [a.line1, a.line2, a.city, a.pincode, a.stateCode]
    .filter((p) => p !== null && p !== undefined)
    .join(', ');
}

export function RevealDialog({ customer, onClose }: { customer: CustomerView; onClose: () => void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<ReadonlySet<RevealableField>>(new Set(['phone']));
  const [category, setCategory] = useState<RevealReasonCategory>('customer_request');
  const [text, setText] = useState('');
  const [revealed, setRevealed] = useState<RevealedCustomer | null>(null);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setRevealed(await customersApi.reveal(customer.id, [...chosen], { category, text: text.trim() }));
    });
  };
  const toggle = (field: RevealableField, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(field);
      else next.delete(field);
      return next;
    });
  return (
    <Dialog title={t('customers.revealTitle')} onClose={onClose}>
      {revealed === null ? (
        <form className="stack" onSubmit={submit} aria-busy={action.busy}>
          <p>{t('customers.revealBody')}</p>
          <fieldset>
            <legend>{t('customers.revealFields')}</legend>
            <div className="checks">
              {fields.map((f) => (
                <label key={f} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(f)}
                    onChange={(e) => toggle(f, e.target.checked)}
                  />
                  {t(`customers.fields.${f}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="reveal-reason">{t('customers.reason')}</label>
            <select
              id="reveal-reason"
              value={category}
              onChange={(e) => setCategory(e.target.value as RevealReasonCategory)}
            >
              {revealReasons.map((r) => (
                <option key={r} value={r}>
                  {t(`customers.reasons.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="reveal-text">{t('customers.reasonText')}</label>
            <input
              id="reveal-text"
              maxLength={500}
              required={category === 'other'}
              minLength={category === 'other' ? 5 : undefined}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <ErrorMessage error={action.error} />
          <div className="row">
            <button type="submit" className="primary" disabled={action.busy || chosen.size === 0}>
              {t('customers.revealNow')}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="stack">
          <dl className="facts" data-testid="revealed">
            {[...chosen].map((f) => (
              <div key={f} className="contents">
                <dt>{t(`customers.fields.${f}`)}</dt>
                <dd data-testid={`revealed-${f}`}>{shown(revealed, f)}</dd>
              </div>
            ))}
          </dl>
          <p className="hint">{t('customers.revealRecorded')}</p>
          <button type="button" className="primary" autoFocus onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      )}
    </Dialog>
  );
}
