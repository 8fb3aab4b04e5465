/** Who the sale is for: a walk-in, or the chosen customer as the server showed them (masked). */
import { useTranslation } from 'react-i18next';
import type { CustomerView } from '../api/customers.api';
import { formatRupees } from '../format/money';

export function CustomerBar({ customer, onChange }: { customer: CustomerView | null; onChange: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="customer-bar row spread" data-testid="sale-customer">
      <p>
        <span className="label">{t('customer.forSale')}</span>{' '}
        {customer === null ? (
          <span>{t('customer.walkIn')}</span>
        ) : (
          <>
            <strong>{customer.name ?? '—'}</strong> <span>{customer.phone ?? ''}</span>{' '}
            {customer.registered && <span className="badge">{t('customer.business')}</span>}{' '}
            {customer.creditLimitPaise > 0 && (
              <span className="hint">
                {t('customer.creditLeft', {
                  amount: formatRupees(Math.max(customer.creditLimitPaise - customer.balancePaise, 0)),
                })}
              </span>
            )}
          </>
        )}
      </p>
      <button type="button" className="secondary small" onClick={onChange}>
        {t('customer.change')} <kbd>F4</kbd>
      </button>
    </div>
  );
}
