/**
 * A customer's khata (running account): what they owe, their credit limit and how much is overdue,
 * every entry (credit sales with their invoice, payments, returns to credit) with the balance after
 * it, and taking a payment (cash or UPI, any part of the balance) with a receipt to print.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/api-client';
import { customersApi } from '../api/customers.api';
import { useSession } from '../auth/session';
import { FieldError, messageFor } from '../first-run/field-error';
import { formatDate } from '../format/dates';
import { formatRupees } from '../format/money';
import { MoneyInput } from '../shell/money-input';
import { ErrorMessage, Loading } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';
import { overduePaise } from './overdue';
import { SeasonKhata } from '../agri/season-khata';
import { AadhaarVaultPanel } from '../agri/vault-panel';
import { GuarantorPanel } from '../agri/guarantor-panel';
import { PaymentMethodChoice, type KhataMethod } from './payment-method-choice';

interface Receipt {
  amountPaise: number;
  method: string;
  balancePaise: number;
  at: string;
}

async function loadKhata(customerId: string) {
  const [customer, ledger] = await Promise.all([
    customersApi.get(customerId),
    customersApi.ledger(customerId),
  ]);
  return { customer, ledger };
}

export default function KhataPage() {
  const { t } = useTranslation();
  const { customerId = '' } = useParams();
  const session = useSession();
  const canTake = session.permissions.has('invoice.create');
  const khata = useFetch(customerId, () => loadKhata(customerId));
  const [amount, setAmount] = useState(0);
  const [method, setMethod] = useState<KhataMethod>('cash');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [paid, setPaid] = useState(0);
  const action = useAction();
  if (khata.data === null) return khata.error === null ? <Loading /> : <ErrorMessage error={khata.error} />;
  const { customer, ledger } = khata.data;
  const overdue = overduePaise(ledger.entries, new Date());
  const name = customer.name ?? t('khata.customer');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const paid = await api<{ balancePaise: number }>(
        'POST',
        `/customers/${encodeURIComponent(customerId)}/payments`,
        {
          amountPaise: amount,
          method,
        },
      );
      setReceipt({
        amountPaise: amount,
        method,
        balancePaise: paid.balancePaise,
        at: new Date().toISOString(),
      });
      setAmount(0);
      setPaid((n) => n + 1);
      await khata.reload();
    });
  };
  return (
    <div className="stack">
      <p>
        <Link to="/customers">{t('khata.back')}</Link>
      </p>
      <h1>{t('khata.title', { name })}</h1>
      <dl className="summary" data-testid="khata-summary">
        <div>
          <dt>{t('khata.balance')}</dt>
          <dd>{formatRupees(ledger.balancePaise)}</dd>
        </div>
        <div>
          <dt>{t('khata.creditLimit')}</dt>
          <dd>{formatRupees(ledger.creditLimitPaise)}</dd>
        </div>
        <div>
          <dt>{t('khata.overdue')}</dt>
          <dd>{formatRupees(overdue)}</dd>
        </div>
      </dl>
      <SeasonKhata customerId={customerId} version={paid} />
      <AadhaarVaultPanel customerId={customerId} />
      <GuarantorPanel customerId={customerId} />
      {canTake && (
        <form
          className="card stack"
          onSubmit={submit}
          aria-busy={action.busy}
          aria-labelledby="khata-pay-title"
        >
          <h2 id="khata-pay-title">{t('khata.takePayment')}</h2>
          <div className="row wrap">
            <div className="field">
              <label htmlFor="khata-amount">{t('khata.amount')}</label>
              <MoneyInput id="khata-amount" value={amount} onAmount={setAmount} live required />
              <FieldError
                id="khata-amount-error"
                label={t('khata.amount')}
                message={messageFor(action.error, 'amountPaise')}
              />
            </div>
            <PaymentMethodChoice name="khata-method" value={method} onChange={setMethod} />
            {ledger.balancePaise > 0 && (
              <button type="button" className="secondary" onClick={() => setAmount(ledger.balancePaise)}>
                {t('khata.payAll', { amount: formatRupees(ledger.balancePaise) })}
              </button>
            )}
          </div>
          {messageFor(action.error, 'amountPaise') === null && <ErrorMessage error={action.error} />}
          <button type="submit" className="primary" disabled={action.busy || amount <= 0}>
            {t('khata.receive')}
          </button>
        </form>
      )}
      {receipt !== null && (
        <section
          className="card stack receipt-print"
          aria-labelledby="khata-receipt-title"
          data-testid="khata-receipt"
        >
          <h2 id="khata-receipt-title">{t('khata.receiptTitle')}</h2>
          <p>{session.profile?.tenantName}</p>
          <p>
            {t('khata.receiptLine', {
              name,
              amount: formatRupees(receipt.amountPaise),
              method: t(`khata.methods.${receipt.method}`),
            })}
          </p>
          <p>{formatDate(receipt.at)}</p>
          <p>{t('khata.receiptBalance', { amount: formatRupees(receipt.balancePaise) })}</p>
          <button type="button" className="secondary no-print" onClick={() => window.print()}>
            {t('khata.printReceipt')}
          </button>
        </section>
      )}
      <div className="table-wrap">
        <table data-testid="khata-entries">
          <caption>{t('khata.entries')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('khata.date')}</th>
              <th scope="col">{t('khata.entry')}</th>
              <th scope="col" className="num">
                {t('khata.amount')}
              </th>
              <th scope="col" className="num">
                {t('khata.balanceAfter')}
              </th>
            </tr>
          </thead>
          <tbody>
            {ledger.entries.length === 0 && (
              <tr>
                <td colSpan={4} className="empty">
                  {t('khata.none')}
                </td>
              </tr>
            )}
            {ledger.entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDate(e.createdAt)}</td>
                <th scope="row">
                  {t(`khata.kinds.${e.kind}`, { defaultValue: t('khata.kinds.other') })}
                  {e.method === null
                    ? ''
                    : ` (${t(`khata.methods.${e.method}`, { defaultValue: t('khata.methods.other') })})`}
                  {e.refType === 'invoice' && e.refId !== null && (
                    <>
                      {' '}
                      <Link to={`/documents/invoice/${e.refId}`}>{t('khata.openInvoice')}</Link>
                    </>
                  )}
                </th>
                <td className="num">{formatRupees(Math.abs(e.amountPaise))}</td>
                <td className="num">{formatRupees(e.balanceAfterPaise)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
