/**
 * The farmer's khata card at the counter, when the sale's customer buys on credit: what they owe,
 * the next due date, what is overdue (with interest when the shop charges it), the credit limit
 * left, and taking a payment right there (cash or UPI, any part) with a receipt to print.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { agriApi } from '../api/agri.api';
import type { CustomerView } from '../api/customers.api';
import { useSession } from '../auth/session';
import { formatDate, formatDateOnly } from '../format/dates';
import { formatRupees } from '../format/money';
import { MoneyInput } from '../shell/money-input';
import { ErrorMessage } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';
import { PaymentMethodChoice, type KhataMethod } from '../khata/payment-method-choice';

type Method = KhataMethod;

export function KhataCard({ customer }: { customer: CustomerView }) {
  const { t } = useTranslation();
  const session = useSession();
  const [version, setVersion] = useState(0);
  const position = useFetch(`${customer.id}:${String(version)}`, () => agriApi.khata(customer.id));
  const [amount, setAmount] = useState(0);
  const [method, setMethod] = useState<Method>('cash');
  const [receipt, setReceipt] = useState<{
    amount: number;
    method: Method;
    balance: number;
    at: string;
  } | null>(null);
  const action = useAction();
  const p = position.data;
  if (customer.creditLimitPaise <= 0 && customer.balancePaise <= 0) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const paid = await api<{ balancePaise: number }>(
        'POST',
        `/customers/${encodeURIComponent(customer.id)}/payments`,
        { amountPaise: amount, method },
      );
      setReceipt({ amount, method, balance: paid.balancePaise, at: new Date().toISOString() });
      setAmount(0);
      setVersion((n) => n + 1);
    });
  };
  const owed = p?.balancePaise ?? customer.balancePaise;
  const facts: [string, string][] =
    p === null
      ? []
      : [
          ['balance', formatRupees(p.balancePaise)],
          ['nextDue', p.nextDueDate === null ? t('agri.season.nothingDue') : formatDateOnly(p.nextDueDate)],
          ['overdue', formatRupees(p.overduePaise + p.interestPaise)],
          ['creditLeft', formatRupees(Math.max(customer.creditLimitPaise - p.balancePaise, 0))],
        ];
  return (
    <section className="card stack" aria-labelledby="khata-card-title" data-testid="khata-card">
      <h2 id="khata-card-title">{t('agriShop.card.title')}</h2>
      <dl className="summary">
        {facts.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`agriShop.card.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ErrorMessage error={position.error} />
      {session.permissions.has('invoice.create') && owed > 0 && (
        <form className="row wrap" onSubmit={submit} aria-busy={action.busy}>
          <div className="field">
            <label htmlFor="khata-card-amount">{t('agriShop.card.amount')}</label>
            <MoneyInput id="khata-card-amount" value={amount} onAmount={setAmount} live required />
          </div>
          <PaymentMethodChoice name="khata-card-method" value={method} onChange={setMethod} />
          <button type="submit" className="primary" disabled={action.busy || amount <= 0}>
            {t('agriShop.card.take')}
          </button>
          <ErrorMessage error={action.error} fields={{ amountPaise: t('agriShop.card.amount') }} />
        </form>
      )}
      {receipt !== null && (
        <div className="stack receipt-print" data-testid="khata-card-receipt">
          <h3>{t('khata.receiptTitle')}</h3>
          <p>{session.profile?.tenantName}</p>
          <p>
            {t('khata.receiptLine', {
              name: customer.name ?? t('khata.customer'),
              amount: formatRupees(receipt.amount),
              method: t(`khata.methods.${receipt.method}`),
            })}
          </p>
          <p>{formatDate(receipt.at)}</p>
          <p>{t('khata.receiptBalance', { amount: formatRupees(receipt.balance) })}</p>
          <button type="button" className="secondary no-print" onClick={() => window.print()}>
            {t('khata.printReceipt')}
          </button>
        </div>
      )}
    </section>
  );
}
