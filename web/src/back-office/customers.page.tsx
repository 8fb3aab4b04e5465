/**
 * Customers, masked by default: find by phone (or its last 4 digits), email or GSTIN, or page
 * through the list; reveal a field with a reason and a recent password (recorded in the audit
 * trail); add a customer; import a CSV file. Personal data typed or revealed here is never kept
 * in the browser beyond the screen.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { customersApi, lookupOf, type CustomerView } from '../api/customers.api';
import { useSession } from '../auth/session';
import { formatDate } from '../format/dates';
import { formatRupees } from '../format/money';
import { ErrorMessage } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';
import { CsvImport } from './csv-import';
import { CustomerForm } from './customer-form';
import { RevealDialog } from './reveal-dialog';

const PAGE = 50;
const firstPage = () => customersApi.list();

const IMPORT_COLUMNS =
  'name, phone, email, gstin, state_code, address_line1, address_line2, city, pincode, credit_limit';

export default function CustomersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canWrite = session.permissions.has('customer.write');
  const canReveal = session.permissions.has('customer.pii.reveal');
  const [text, setText] = useState('');
  const first = useLoad(firstPage);
  const [shown, setShown] = useState<{ rows: CustomerView[]; more: boolean } | null>(null);
  const rows = shown?.rows ?? first.data?.customers ?? null;
  const more = shown?.more ?? first.data?.customers.length === PAGE;
  const [revealing, setRevealing] = useState<CustomerView | null>(null);
  const action = useAction();

  const list = (before?: string) =>
    void action.run(async () => {
      const { customers } = await customersApi.list(before);
      setShown({
        rows: before === undefined ? customers : [...(rows ?? []), ...customers],
        more: customers.length === PAGE,
      });
    });
  const find = (event: FormEvent) => {
    event.preventDefault();
    const lookup = lookupOf(text);
    if (lookup === null) return list();
    void action.run(async () => {
      setShown({ rows: (await customersApi.lookup(lookup)).customers, more: false });
    });
  };

  return (
    <div className="stack">
      <h1>{t('customers.title')}</h1>
      <p className="hint">{t('customers.intro')}</p>
      <form className="row wrap" onSubmit={find} role="search">
        <div className="field grow">
          <label htmlFor="customers-find">{t('customer.lookupLabel')}</label>
          <input
            id="customers-find"
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('customer.find')}
        </button>
      </form>
      <ErrorMessage error={action.error ?? first.error} />
      {rows !== null && (
        <div className="table-wrap">
          <table data-testid="customers-table">
            <thead>
              <tr>
                <th scope="col">{t('customer.name')}</th>
                <th scope="col">{t('customer.phone')}</th>
                <th scope="col">{t('customers.fields.email')}</th>
                <th scope="col">{t('customers.fields.gstin')}</th>
                <th scope="col" className="num">
                  {t('customer.balance')}
                </th>
                <th scope="col" className="num">
                  {t('customers.creditLimit')}
                </th>
                <th scope="col">{t('customers.since')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={8} className="empty">
                    {t('customer.noneFound')}
                  </td>
                </tr>
              )}
              {rows.map((c) => (
                <tr key={c.id} data-testid="customer-row">
                  <th scope="row">{c.erased ? t('customers.erased') : (c.name ?? '—')}</th>
                  <td>{c.phone ?? '—'}</td>
                  <td>{c.email ?? '—'}</td>
                  <td>{c.gstin ?? '—'}</td>
                  <td className="num">{formatRupees(c.balancePaise)}</td>
                  <td className="num">{formatRupees(c.creditLimitPaise)}</td>
                  <td>{formatDate(c.createdAt)}</td>
                  <td>
                    {!c.erased && (
                      <Link
                        className="button small secondary"
                        to={`/customers/${encodeURIComponent(c.id)}/khata`}
                        aria-label={t('khata.openFor', { name: c.name ?? t('khata.customer') })}
                      >
                        {t('khata.open')}
                      </Link>
                    )}{' '}
                    {canReveal && !c.erased && (
                      <button type="button" className="small secondary" onClick={() => setRevealing(c)}>
                        {t('customers.reveal')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && rows !== null && (
        <button type="button" className="secondary" onClick={() => list(rows[rows.length - 1]?.id)}>
          {t('common.more')}
        </button>
      )}
      {canWrite && <CustomerForm onAdded={(c) => setShown({ rows: [c, ...(rows ?? [])], more })} />}
      {canWrite && (
        <CsvImport
          title={t('customers.import')}
          columns={IMPORT_COLUMNS}
          send={customersApi.importCustomers}
          onImported={() => list()}
        />
      )}
      {revealing !== null && <RevealDialog customer={revealing} onClose={() => setRevealing(null)} />}
    </div>
  );
}
