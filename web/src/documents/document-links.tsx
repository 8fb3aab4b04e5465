/**
 * A document's printable forms: the 80 mm thermal receipt and the A4 PDF (downloaded, with the
 * name the server gives them), and the receipt opened in a new tab for the browser's print.
 */
import { useTranslation } from 'react-i18next';
import { documentFileUrl, type DocType } from '../api/billing.api';

export function DocumentLinks({ type, documentId }: { type: DocType; documentId: string }) {
  const { t } = useTranslation();
  return (
    <div className="row wrap doc-links">
      <a className="button primary" href={documentFileUrl(type, documentId, 'thermal')} download>
        {t('documents.receiptPdf')}
      </a>
      <a className="button secondary" href={documentFileUrl(type, documentId, 'a4')} download>
        {t('documents.a4Pdf')}
      </a>
      <a
        className="button secondary"
        href={documentFileUrl(type, documentId, 'thermal')}
        target="_blank"
        rel="noopener noreferrer"
      >
        {t('documents.print')}
      </a>
    </div>
  );
}
