/**
 * How money goes back to the buyer: cash, UPI (with the reference of the transfer), card (last 4
 * digits and the terminal's reference) or store credit on the customer's account.
 */
import { useTranslation } from 'react-i18next';
import type { PaymentInput } from '../api/billing.api';

export type RefundMethod = 'cash' | 'upi' | 'card' | 'credit';

export interface Refund {
  method: RefundMethod;
  reference: string;
  last4: string;
}

export const cashRefund: Refund = { method: 'cash', reference: '', last4: '' };

const REFERENCE = /^[A-Za-z0-9/-]{4,40}$/;

/** The refund as the API's payment of `amountPaise`, or null while details are missing. */
export function refundPayment(refund: Refund, amountPaise: number): PaymentInput | null {
  const reference = refund.reference.trim();
  switch (refund.method) {
    case 'cash':
      return { method: 'cash', amountPaise };
    case 'credit':
      return { method: 'credit', amountPaise };
    case 'upi':
      return REFERENCE.test(reference) ? { method: 'upi', amountPaise, reference } : null;
    case 'card':
      return REFERENCE.test(reference) && /^\d{4}$/.test(refund.last4)
        ? { method: 'card', amountPaise, last4: refund.last4, reference }
        : null;
  }
}

export function RefundForm({
  refund,
  onChange,
  storeCredit,
}: {
  refund: Refund;
  onChange: (refund: Refund) => void;
  /** Whether the invoice has a customer whose account can take store credit. */
  storeCredit: boolean;
}) {
  const { t } = useTranslation();
  const methods: RefundMethod[] = storeCredit ? ['cash', 'upi', 'card', 'credit'] : ['cash', 'upi', 'card'];
  return (
    <fieldset className="stack">
      <legend>{t('returns.refundHow')}</legend>
      <div className="row wrap" role="radiogroup">
        {methods.map((m) => (
          <label key={m} className="check">
            <input
              type="radio"
              name="refund-method"
              value={m}
              checked={refund.method === m}
              onChange={() => onChange({ ...refund, method: m })}
            />
            {t(`returns.refundBy.${m}`)}
          </label>
        ))}
      </div>
      {(refund.method === 'upi' || refund.method === 'card') && (
        <div className="row wrap">
          {refund.method === 'card' && (
            <div className="field">
              <label htmlFor="refund-last4">{t('pay.cardLast4')}</label>
              <input
                id="refund-last4"
                className="short"
                inputMode="numeric"
                maxLength={4}
                autoComplete="off"
                value={refund.last4}
                onChange={(e) => onChange({ ...refund, last4: e.target.value.replace(/\D/g, '') })}
              />
            </div>
          )}
          <div className="field">
            <label htmlFor="refund-reference">{t('returns.refundReference')}</label>
            <input
              id="refund-reference"
              autoComplete="off"
              maxLength={40}
              value={refund.reference}
              onChange={(e) => onChange({ ...refund, reference: e.target.value })}
            />
          </div>
        </div>
      )}
    </fieldset>
  );
}
