/**
 * Returns and exchanges at the counter: find the invoice by its number (as printed on the
 * receipt), choose what comes back and whether it goes back to stock, then either refund it (a
 * credit note, priced by the server before it is issued) or exchange it for other goods.
 */
import { useOfflineStatus } from '../offline/use-offline';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/api-error';
import { billingApi, type DocumentView, type ReturnableLine } from '../api/billing.api';
import { DocumentLinks } from '../documents/document-links';
import { formatDate } from '../format/dates';
import { formatRupees } from '../format/money';
import { pages } from '../shell/navigation';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';
import { ExchangePanel } from './exchange-panel';
import { RefundForm, cashRefund, refundPayment, type Refund } from './refund-form';
import { ReturnLines, type ReturnChoice } from './return-lines';
import { paidOut, useRefundApproval } from './use-refund-approval';
import { useRetryKey } from './use-retry-key';
import { useReturnQuote } from './use-return-quote';

interface Found {
  document: DocumentView;
  returnable: ReturnableLine[];
}

export default function ReturnsPage() {
  const { t } = useTranslation();
  const { offline } = useOfflineStatus();
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<number, ReturnChoice>>({});
  const [mode, setMode] = useState<'refund' | 'exchange'>('refund');
  const [refund, setRefund] = useState<Refund>(cashRefund);
  const [issued, setIssued] = useState<DocumentView[] | null>(null);
  const finding = useAction();
  const issuing = useAction();
  const lines = Object.entries(choices)
    .filter(([, c]) => c.quantity > 0)
    .map(([n, c]) => ({ lineNumber: Number(n), quantity: c.quantity, restock: c.restock }));
  const { quote, error: quoteError } = useReturnQuote(found?.document.id ?? null, lines);
  const refunds = quote === null ? null : refundPayment(refund, quote.totals.totalPaise);
  const approval = useRefundApproval(
    found?.document.storeId ?? '',
    refunds === null ? 0 : paidOut([refunds]),
    quote?.refundAllowancePaise,
  );
  const key = useRetryKey({ invoice: found?.document.id, lines, refunds, approval: approval.approvalId });

  const find = (event: FormEvent) => {
    event.preventDefault();
    void finding.run(async () => {
      setFound(null);
      setIssued(null);
      setChoices({});
      const summary = await billingApi.findInvoice(number);
      setMissing(summary === null ? number.trim() : null);
      if (summary === null) return;
      const [document, returnable] = await Promise.all([
        billingApi.document('invoice', summary.id),
        billingApi.returnable(summary.id),
      ]);
      setFound({ document, returnable: returnable.lines });
    });
  };

  const issueNote = () =>
    void issuing.run(async () => {
      if (found === null || refunds === null || approval.needed) return;
      let note: DocumentView;
      try {
        note = await billingApi.creditNote(
          {
            invoiceId: found.document.id,
            reason: 'return',
            lines,
            refunds: [refunds],
            ...(approval.approvalId === undefined ? {} : { approvalId: approval.approvalId }),
          },
          key(),
        );
      } catch (error) {
        // The approval ran out or was used meanwhile: drop it, so the counter asks again.
        if (error instanceof ApiError && error.details?.reason === 'approval_required') approval.drop();
        throw error;
      }
      setIssued([note]);
      setFound(null);
      setChoices({});
    });

  return (
    <div className="stack returns">
      <div className="row spread wrap">
        <h1>{t('returns.title')}</h1>
        <Link to={pages.counter.path}>{t('returns.backToSale')}</Link>
      </div>
      {offline && (
        <p className="message message-error" role="alert">
          {t('offline.refused.returns')}
        </p>
      )}
      <form className="row wrap" onSubmit={find} role="search">
        <div className="field">
          <label htmlFor="return-invoice">{t('returns.invoiceNumber')}</label>
          <input
            id="return-invoice"
            autoFocus
            autoComplete="off"
            maxLength={16}
            required
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={finding.busy}>
          {t('returns.find')}
        </button>
      </form>
      <ErrorMessage error={finding.error} />
      {missing !== null && (
        <p className="message message-error" role="alert">
          {t('returns.noSuchInvoice', { number: missing })}
        </p>
      )}
      {issued !== null && (
        <section className="panel stack" aria-labelledby="issued-title" data-testid="returns-issued">
          <h2 id="issued-title">{t('returns.done')}</h2>
          {issued.map((d) => (
            <div key={d.id} className="stack">
              <p>
                {t(d.type === 'invoice' ? 'receipt.invoice' : 'receipt.creditNote')}{' '}
                <strong data-testid="issued-number">{d.number}</strong> · {formatRupees(d.totals.totalPaise)}
              </p>
              <DocumentLinks type={d.type} documentId={d.id} />
            </div>
          ))}
        </section>
      )}
      {found !== null && (
        <section className="stack" aria-labelledby="invoice-title">
          <h2 id="invoice-title">
            {t('returns.invoiceOf', {
              number: found.document.number,
              date: formatDate(found.document.issuedAt),
              total: formatRupees(found.document.totals.totalPaise),
            })}
          </h2>
          <div className="table-wrap">
            <ReturnLines
              document={found.document}
              returnable={found.returnable}
              choices={choices}
              onChoose={(n, choice) => setChoices((c) => ({ ...c, [n]: choice }))}
            />
          </div>
          <ErrorMessage error={quoteError} />
          {quote !== null && (
            <p className="credit-total">
              {t('returns.creditTotal')}{' '}
              <strong data-testid="credit-total">{formatRupees(quote.totals.totalPaise)}</strong>
            </p>
          )}
          <fieldset>
            <legend>{t('returns.mode')}</legend>
            <div className="row wrap" role="radiogroup">
              {(['refund', 'exchange'] as const).map((m) => (
                <label key={m} className="check">
                  <input type="radio" name="return-mode" checked={mode === m} onChange={() => setMode(m)} />
                  {t(`returns.modes.${m}`)}
                </label>
              ))}
            </div>
          </fieldset>
          {mode === 'refund' ? (
            <div className="stack">
              <RefundForm
                refund={refund}
                onChange={setRefund}
                storeCredit={found.document.customerId !== null}
              />
              {approval.view}
              <ErrorMessage error={issuing.error} />
              <button
                type="button"
                className="primary big"
                disabled={refunds === null || approval.needed || issuing.busy}
                onClick={issueNote}
              >
                {t('returns.issueNote')}
              </button>
            </div>
          ) : (
            <ExchangePanel
              original={found.document}
              returnLines={lines}
              creditPaise={quote?.totals.totalPaise ?? null}
              refundAllowancePaise={quote?.refundAllowancePaise}
              onDone={(documents) => {
                setIssued(documents);
                setFound(null);
                setChoices({});
              }}
            />
          )}
        </section>
      )}
    </div>
  );
}
