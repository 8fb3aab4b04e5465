/**
 * The bill as the server prices it: before discount, discount, taxable value, each tax head that
 * applies, round-off and the total to pay. Until the server has answered, the keyed-in sums.
 */
import { useTranslation } from 'react-i18next';
import type { InvoiceQuote } from '../api/billing.api';
import { formatRupees } from '../format/money';
import { cartTotals, type Cart } from './cart';

export function SaleTotals({
  cart,
  quote,
  pending,
}: {
  cart: Cart;
  quote: InvoiceQuote | null;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const keyed = cartTotals(cart);
  const totals = quote?.totals;
  const heads =
    totals === undefined
      ? []
      : (['cgst', 'sgst', 'utgst', 'igst', 'cess'] as const).filter((h) => totals.taxes[h] !== 0);
  return (
    <dl className={pending ? 'totals pending' : 'totals'} aria-busy={pending}>
      <dt>{t('counter.pieces')}</dt>
      <dd>{keyed.quantity}</dd>
      <dt>{t('counter.gross')}</dt>
      <dd>{formatRupees(keyed.grossPaise)}</dd>
      <dt>{t('counter.discountTotal')}</dt>
      <dd>{formatRupees(keyed.discountPaise)}</dd>
      {totals !== undefined && (
        <>
          <dt>{t('counter.taxable')}</dt>
          <dd>{formatRupees(totals.taxablePaise)}</dd>
          {heads.map((h) => (
            <div key={h} className="contents">
              <dt>{t(`counter.tax.${h}`)}</dt>
              <dd>{formatRupees(totals.taxes[h])}</dd>
            </div>
          ))}
          <dt>{t('counter.roundOff')}</dt>
          <dd>{formatRupees(totals.roundOffPaise)}</dd>
        </>
      )}
      <dt className="grand">{t('counter.toPay')}</dt>
      <dd className="grand" data-testid="cart-total">
        {formatRupees(totals?.totalPaise ?? keyed.netPaise)}
      </dd>
    </dl>
  );
}
