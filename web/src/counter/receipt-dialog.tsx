/**
 * The sale is done: the invoice number, what was paid and the change to give back, the receipt
 * to print (thermal or A4), and the next sale one key away (the focus is on it).
 */
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../api/billing.api';
import { DocumentLinks } from '../documents/document-links';
import { formatRupees } from '../format/money';
import { Dialog } from '../shell/dialog';

export function ReceiptDialog({ document, onNext }: { document: DocumentView; onNext: () => void }) {
  const { t } = useTranslation();
  const change = document.payments.reduce((sum, p) => sum + p.changePaise, 0);
  const saved = document.savedPaise ?? 0;
  const savingLines = document.lines.filter((l) => (l.savings ?? []).length > 0);
  return (
    <Dialog title={t('receipt.title')} onClose={onNext}>
      <div className="stack" data-testid="receipt">
        <p>
          {t(document.type === 'invoice' ? 'receipt.invoice' : 'receipt.creditNote')}{' '}
          <strong data-testid="document-number">{document.number}</strong>
        </p>
        {document.supplyType !== 'regular' && (
          <p className="badge" data-testid="receipt-supply">
            {t(`supply.types.${document.supplyType}`)}
          </p>
        )}
        <dl className="totals">
          <dt>{t('receipt.total')}</dt>
          <dd>{formatRupees(document.totals.totalPaise)}</dd>
          {document.payments.map((p, i) => (
            <div key={i} className="contents">
              <dt>{t(`pay.method.${p.method}`)}</dt>
              <dd>{formatRupees(p.amountPaise)}</dd>
            </div>
          ))}
          <dt className="grand">{t('pay.change')}</dt>
          <dd className="grand" data-testid="receipt-change">
            {formatRupees(change)}
          </dd>
        </dl>
        {savingLines.length > 0 && (
          <ul className="receipt-savings" data-testid="receipt-savings">
            {savingLines.map((l) => (
              <li key={l.number}>
                {l.description}:{' '}
                {(l.savings ?? [])
                  .map((s) => `${s.name} ${t('counterOffers.lineSaving', { amount: formatRupees(s.paise) })}`)
                  .join(', ')}
              </li>
            ))}
          </ul>
        )}
        {saved > 0 && (
          <p className="badge good" data-testid="receipt-saved">
            {t('counterOffers.youSaved', { amount: formatRupees(saved) })}
          </p>
        )}
        <DocumentLinks type={document.type} documentId={document.id} />
        <button type="button" className="primary big" data-autofocus onClick={onNext}>
          {t('receipt.next')}
        </button>
      </div>
    </Dialog>
  );
}
