/**
 * One invoice, credit note or debit note: header, kind of sale (export or SEZ, under LUT), buyer
 * (masked), lines with tax, totals and payments; the printable PDFs; a B2B invoice's e-invoice
 * JSON; and, for those allowed, cancelling an invoice with a reason (recorded; the invoice itself
 * never changes, a cancellation is added) and issuing a debit note against it.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { billingApi, type DocType, type DocumentView } from '../api/billing.api';
import { useSession } from '../auth/session';
import { DocumentLinks } from '../documents/document-links';
import { formatDateOnly, formatDateTime } from '../format/dates';
import { Dialog } from '../shell/dialog';
import { pages } from '../shell/navigation';
import { saveFile } from '../shell/save-file';
import { ErrorMessage, Loading, Notice } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';
import { DocumentLines } from './document-lines';
import { DebitNoteDialog } from './debit-note.dialog';

const cancelReasons = [
  'wrong_details',
  'duplicate',
  'customer_cancelled',
  'data_entry_error',
  'other',
] as const;

function CancelDialog({
  doc,
  onDone,
  onClose,
}: {
  doc: DocumentView;
  onDone: (d: DocumentView) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<(typeof cancelReasons)[number]>('customer_cancelled');
  const [note, setNote] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => onDone(await billingApi.cancel(doc.id, reason, note)));
  };
  return (
    <Dialog title={t('docs.cancelTitle', { number: doc.number })} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <p>{t('docs.cancelBody')}</p>
        <div className="field">
          <label htmlFor="cancel-reason">{t('docs.cancelReason')}</label>
          <select
            id="cancel-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value as typeof reason)}
          >
            {cancelReasons.map((r) => (
              <option key={r} value={r}>
                {t(`docs.cancelReasons.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cancel-note">{t('docs.cancelNote')}</label>
          <input id="cancel-note" maxLength={300} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        <ErrorMessage error={action.error} />
        <div className="row">
          <button type="submit" className="danger" disabled={action.busy}>
            {t('docs.cancelConfirm')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export default function DocumentPage() {
  const { t } = useTranslation();
  const session = useSession();
  const params = useParams();
  const type: DocType =
    params.type === 'credit-note' || params.type === 'debit-note' ? params.type : 'invoice';
  const documentId = params.id ?? '';
  const loaded = useFetch(`${type}/${documentId}`, () => billingApi.document(type, documentId));
  const [changed, setChanged] = useState<DocumentView | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [debiting, setDebiting] = useState(false);
  const [debitNote, setDebitNote] = useState<{ for: string; note: DocumentView } | null>(null);
  const eInvoice = useAction();
  const doc = changed !== null && changed.id === documentId ? changed : loaded.data;
  if (doc === null) return loaded.error === null ? <Loading /> : <ErrorMessage error={loaded.error} />;
  const canCancel = type === 'invoice' && doc.status === 'issued' && session.permissions.has('invoice.void');
  const canDebit =
    type === 'invoice' && doc.status === 'issued' && session.permissions.has('debit_note.create');
  const issuedNote = debitNote?.for === doc.id ? debitNote.note : null;
  return (
    <div className="stack">
      <p>
        <Link to={pages.documents.path}>{t('docs.backToList')}</Link>
      </p>
      <div className="row spread wrap">
        <h1>
          {t(`docs.types.${doc.type}`)} {doc.number}
        </h1>
        <span
          className={doc.status === 'cancelled' ? 'badge bad' : 'badge good'}
          data-testid="document-status"
        >
          {t(`docs.states.${doc.status}`)}
        </span>
      </div>
      <dl className="facts">
        <dt>{t('docs.date')}</dt>
        <dd>{formatDateOnly(doc.date)}</dd>
        <dt>{t('docs.issuedAt')}</dt>
        <dd>{formatDateTime(doc.issuedAt)}</dd>
        <dt>{t('docs.kindColumn')}</dt>
        <dd>{t(`docs.kinds.${doc.kind}`)}</dd>
        {doc.supplyType !== 'regular' && (
          <>
            <dt>{t('supply.shown')}</dt>
            <dd data-testid="document-supply">
              {t(`supply.types.${doc.supplyType}`)}
              {doc.lut !== null && (
                <> · {t('supply.lut', { number: doc.lut.number, date: formatDateOnly(doc.lut.date) })}</>
              )}
            </dd>
          </>
        )}
        <dt>{t('docs.placeOfSupply')}</dt>
        <dd>{doc.placeOfSupply}</dd>
        <dt>{t('docs.buyer')}</dt>
        <dd>
          {doc.buyer === null
            ? t('docs.unregistered')
            : [doc.buyer.name, doc.buyer.gstin].filter((v) => v !== null).join(' · ') ||
              t('docs.unregistered')}
        </dd>
        {doc.original !== null && (
          <>
            <dt>{t('docs.original')}</dt>
            <dd>
              {doc.original.id === null ? (
                doc.original.number
              ) : (
                <Link to={`/documents/invoice/${doc.original.id}`}>{doc.original.number}</Link>
              )}{' '}
              ({formatDateOnly(doc.original.date)})
            </dd>
          </>
        )}
      </dl>
      <DocumentLines doc={doc} />
      <DocumentLinks type={doc.type} documentId={doc.id} />
      <div className="row wrap">
        {doc.type === 'invoice' && doc.buyer?.registered === true && (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void eInvoice.run(async () => {
                const json = await billingApi.eInvoice(doc.id);
                saveFile(
                  new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' }),
                  `e-invoice-${doc.number.replace(/\//g, '-')}.json`,
                );
                return t('docs.eInvoiceSaved');
              })
            }
          >
            {t('docs.eInvoice')}
          </button>
        )}
        {canDebit && (
          <button type="button" className="secondary" onClick={() => setDebiting(true)}>
            {t('debitNote.issue')}
          </button>
        )}
        {canCancel && (
          <button type="button" className="danger" onClick={() => setCancelling(true)}>
            {t('docs.cancel')}
          </button>
        )}
      </div>
      <ErrorMessage error={eInvoice.error} />
      <Notice>{eInvoice.notice}</Notice>
      {issuedNote !== null && (
        <p className="message message-ok" role="status">
          {t('debitNote.issued', { number: issuedNote.number })}{' '}
          <Link to={`/documents/debit-note/${issuedNote.id}`}>
            {t('debitNote.open', { number: issuedNote.number })}
          </Link>
        </p>
      )}
      {debiting && (
        <DebitNoteDialog
          invoice={doc}
          onIssued={(note) => {
            setDebitNote({ for: doc.id, note });
            setDebiting(false);
          }}
          onClose={() => setDebiting(false)}
        />
      )}
      {cancelling && (
        <CancelDialog
          doc={doc}
          onDone={(d) => {
            setChanged(d);
            setCancelling(false);
          }}
          onClose={() => setCancelling(false)}
        />
      )}
    </div>
  );
}
