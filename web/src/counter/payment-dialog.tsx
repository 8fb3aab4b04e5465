/**
 * Taking the money: cash (with the change to give back), UPI (with the payment QR on screen and
 * the reference from the payer's app), card (its last 4 digits and the terminal's reference,
 * never the card number) and the customer's account, alone or split. The dialog shows what is
 * still due, and sends the payments with the bill only once they cover it.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentInput } from '../api/billing.api';
import type { CustomerView } from '../api/customers.api';
import { formatRupees } from '../format/money';
import { Dialog } from '../shell/dialog';
import { MoneyInput } from '../shell/money-input';
import { ErrorMessage } from '../shell/status';
import { emptyTender, paymentsOf, restFor, summarize, type Tender } from './tender';
import { UpiQr } from './upi-qr';

type AmountField = 'cashPaise' | 'upiPaise' | 'cardPaise' | 'creditPaise';

export interface PaymentDialogProps {
  title: string;
  totalPaise: number;
  storeId: string;
  /** Shown in the UPI request so the payment can be matched to this bill. */
  reference: string;
  customer: CustomerView | null;
  busy: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (payments: PaymentInput[]) => void;
  onClose: () => void;
}

function AmountInput({
  id,
  label,
  value,
  onChange,
  onRest,
  restLabel,
}: {
  id: string;
  label: string;
  value: number;
  onChange: (paise: number) => void;
  onRest: () => void;
  restLabel: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <MoneyInput id={id} value={value} onAmount={onChange} live />
        <button type="button" className="small secondary" onClick={onRest}>
          {restLabel}
        </button>
      </div>
    </div>
  );
}

export function PaymentDialog(props: PaymentDialogProps) {
  const { t } = useTranslation();
  const { totalPaise, customer } = props;
  const [tender, setTender] = useState<Tender>(emptyTender);
  const creditAvailable =
    customer === null ? null : Math.max(customer.creditLimitPaise - customer.balancePaise, 0);
  const summary = summarize(totalPaise, tender, creditAvailable);
  const set = (patch: Partial<Tender>) => setTender((current) => ({ ...current, ...patch }));
  const amount = (field: AmountField, label: string, restLabel: string) => (
    <AmountInput
      id={`pay-${field}`}
      label={label}
      value={tender[field]}
      onChange={(paise) => set({ [field]: paise })}
      onRest={() => set({ [field]: restFor(totalPaise, tender, field) })}
      restLabel={restLabel}
    />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (summary.problem === null) props.onSubmit(paymentsOf(tender));
  };
  return (
    <Dialog title={props.title} onClose={props.onClose} wide>
      <form className="payment" onSubmit={submit} aria-busy={props.busy}>
        <div className="stack">
          <fieldset className="tender">
            <legend>{t('pay.cash')}</legend>
            {amount('cashPaise', t('pay.cashReceived'), t('pay.exact'))}
          </fieldset>
          <fieldset className="tender">
            <legend>{t('pay.upi')}</legend>
            <div className="row wrap">
              {amount('upiPaise', t('pay.upiAmount'), t('pay.rest'))}
              <div className="field">
                <label htmlFor="pay-upi-ref">{t('pay.upiReference')}</label>
                <input
                  id="pay-upi-ref"
                  autoComplete="off"
                  maxLength={40}
                  value={tender.upiReference}
                  onChange={(e) => set({ upiReference: e.target.value })}
                />
              </div>
            </div>
          </fieldset>
          <fieldset className="tender">
            <legend>{t('pay.card')}</legend>
            <div className="row wrap">
              {amount('cardPaise', t('pay.cardAmount'), t('pay.rest'))}
              <div className="field">
                <label htmlFor="pay-card-last4">{t('pay.cardLast4')}</label>
                <input
                  id="pay-card-last4"
                  className="short"
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={4}
                  pattern="[0-9]{4}"
                  value={tender.cardLast4}
                  onChange={(e) => set({ cardLast4: e.target.value.replace(/\D/g, '') })}
                />
              </div>
              <div className="field">
                <label htmlFor="pay-card-ref">{t('pay.cardReference')}</label>
                <input
                  id="pay-card-ref"
                  autoComplete="off"
                  maxLength={40}
                  value={tender.cardReference}
                  onChange={(e) => set({ cardReference: e.target.value })}
                />
              </div>
            </div>
          </fieldset>
          {creditAvailable !== null && (
            <fieldset className="tender">
              <legend>{t('pay.credit')}</legend>
              {amount('creditPaise', t('pay.creditAmount'), t('pay.rest'))}
              <p className="hint">{t('pay.creditAvailable', { amount: formatRupees(creditAvailable) })}</p>
            </fieldset>
          )}
        </div>
        <div className="stack pay-summary">
          <p className="due">
            {t('pay.due')} <strong data-testid="pay-due">{formatRupees(totalPaise)}</strong>
          </p>
          <UpiQr storeId={props.storeId} amountPaise={tender.upiPaise} reference={props.reference} />
          <dl className="totals" aria-live="polite">
            <dt>{t('pay.paid')}</dt>
            <dd>{formatRupees(summary.paidPaise)}</dd>
            <dt>{t('pay.remaining')}</dt>
            <dd data-testid="pay-remaining">{formatRupees(summary.remainingPaise)}</dd>
            <dt className="grand">{t('pay.change')}</dt>
            <dd className="grand" data-testid="pay-change">
              {formatRupees(summary.changePaise)}
            </dd>
          </dl>
          {summary.problem !== null && summary.paidPaise > 0 && (
            <p className="hint" role="status">
              {t(`pay.problem.${summary.problem}`)}
            </p>
          )}
          <ErrorMessage error={props.error} />
          <button type="submit" className="primary big" disabled={props.busy || summary.problem !== null}>
            {props.submitLabel}
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
