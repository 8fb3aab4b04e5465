/** A document's lines (HSN/SAC, quantity, taxable value, rate, tax), totals and payments. */
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../api/billing.api';
import { formatRupees } from '../format/money';

const heads = ['cgst', 'sgst', 'utgst', 'igst', 'cess'] as const;

/** A rate in basis points as a percentage (`500` -> `5%`). */
export const percent = (basisPoints: number) => `${String(basisPoints / 100)}%`;

export function DocumentLines({ doc }: { doc: DocumentView }) {
  const { t } = useTranslation();
  const used = heads.filter((h) => doc.totals.taxes[h] !== 0);
  return (
    <>
      <div className="table-wrap">
        <table data-testid="document-lines">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('counter.item')}</th>
              <th scope="col">{t('docs.hsn')}</th>
              <th scope="col" className="num">
                {t('counter.qty')}
              </th>
              <th scope="col" className="num">
                {t('counter.taxable')}
              </th>
              <th scope="col" className="num">
                {t('docs.rate')}
              </th>
              {used.map((h) => (
                <th key={h} scope="col" className="num">
                  {t(`counter.tax.${h}`)}
                </th>
              ))}
              <th scope="col" className="num">
                {t('counter.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {doc.lines.map((l) => (
              <tr key={l.number}>
                <td>{l.number}</td>
                <th scope="row">{l.description}</th>
                <td>{l.hsnSac}</td>
                <td className="num">
                  {l.quantity} {l.unit}
                </td>
                <td className="num">{formatRupees(l.taxablePaise)}</td>
                <td className="num">{percent(l.rate)}</td>
                {used.map((h) => (
                  <td key={h} className="num">
                    {formatRupees(l.taxes[h])}
                  </td>
                ))}
                <td className="num">{formatRupees(l.totalPaise)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row wrap spread align-start">
        <dl className="totals narrow">
          <dt>{t('counter.discountTotal')}</dt>
          <dd>{formatRupees(doc.totals.discountPaise)}</dd>
          <dt>{t('counter.taxable')}</dt>
          <dd>{formatRupees(doc.totals.taxablePaise)}</dd>
          <dt>{t('docs.tax')}</dt>
          <dd>{formatRupees(doc.totals.taxPaise)}</dd>
          <dt>{t('counter.roundOff')}</dt>
          <dd>{formatRupees(doc.totals.roundOffPaise)}</dd>
          <dt className="grand">{t('docs.total')}</dt>
          <dd className="grand">{formatRupees(doc.totals.totalPaise)}</dd>
        </dl>
        {doc.payments.length > 0 && (
          <table className="narrow">
            <caption>{doc.type === 'invoice' ? t('docs.payments') : t('docs.refunds')}</caption>
            <tbody>
              {doc.payments.map((p, i) => (
                <tr key={i}>
                  <th scope="row">
                    {t(`pay.method.${p.method}`)}
                    {p.cardLast4 !== null && ` ••${p.cardLast4}`}
                  </th>
                  <td className="num">{formatRupees(p.amountPaise)}</td>
                  <td>
                    {p.changePaise > 0 ? t('docs.changeGiven', { amount: formatRupees(p.changePaise) }) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
