/**
 * Issuing a debit note from an invoice's page (issue 18): by how much each line's value goes up
 * before tax, the reason, the amount worked out by the server exactly as the note will carry it
 * (tax at the line's rate under the invoice's heads, round-off), how the customer paid it, then
 * the note in its own series. The idempotency key belongs to one request: a changed note is a
 * new one, a repeated click or a lost answer issues once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { billingApi, type DebitLine, type DocumentView, type PaymentInput } from '../api/billing.api';
import { formatRupees } from '../format/money';
import { Dialog } from '../shell/dialog';
import { MoneyInput } from '../shell/money-input';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';

const REASONS = ['price-increase', 'correction', 'other'] as const;
type Reason = (typeof REASONS)[number];
type Method = 'cash' | 'upi' | 'credit';
type Quote = Awaited<ReturnType<typeof billingApi.quoteDebitNote>>;

export function DebitNoteDialog({
  invoice,
  onIssued,
  onClose,
}: {
  invoice: DocumentView;
  onIssued: (note: DocumentView) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [increases, setIncreases] = useState<Record<number, number>>({});
  const [reason, setReason] = useState<Reason>('price-increase');
  const [method, setMethod] = useState<Method>('cash');
  const [upiReference, setUpiReference] = useState('');
  const [quote, setQuote] = useState<{ for: string; value: Quote } | null>(null);
  const [sent, setSent] = useState<{ body: string; key: string } | null>(null);
  const working = useAction();
  const issuing = useAction();
  const lines: DebitLine[] = invoice.lines
    .filter((l) => (increases[l.number] ?? 0) > 0)
    .map((l) => ({ lineNumber: l.number, taxablePaise: increases[l.number] ?? 0 }));
  const linesKey = JSON.stringify(lines);
  const current = quote?.for === linesKey ? quote.value : null;
  const fields = {
    'lines.*.taxablePaise': t('debitNote.increaseColumn'),
    'lines.*.lineNumber': t('debitNote.line'),
    'payments.*.reference': t('debitNote.upiReference'),
    payments: t('debitNote.collectedBy'),
  };

  const workOut = () =>
    void working.run(async () => {
      if (lines.length === 0) throw new Error(t('debitNote.noLines'));
      setQuote({ for: linesKey, value: await billingApi.quoteDebitNote(invoice.id, lines) });
    });

  const payment = (total: number): PaymentInput =>
    method === 'upi'
      ? { method: 'upi', amountPaise: total, reference: upiReference.trim() }
      : { method, amountPaise: total };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (current === null) return;
    void issuing.run(async () => {
      const input = {
        invoiceId: invoice.id,
        reason,
        lines,
        payments: [payment(current.totals.totalPaise)],
      };
      const body = JSON.stringify(input);
      const key = sent?.body === body ? sent.key : crypto.randomUUID();
      setSent({ body, key });
      onIssued(await billingApi.debitNote(input, key));
    });
  };

  return (
    <Dialog title={t('debitNote.title', { number: invoice.number })} onClose={onClose} wide>
      <form className="stack" onSubmit={submit} aria-busy={working.busy || issuing.busy}>
        <p>{t('debitNote.intro')}</p>
        <div className="table-wrap">
          <table data-testid="debit-note-lines">
            <thead>
              <tr>
                <th scope="col">{t('debitNote.line')}</th>
                <th scope="col" className="num">
                  {t('debitNote.billed')}
                </th>
                <th scope="col">{t('debitNote.increaseColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((l) => (
                <tr key={l.number}>
                  <th scope="row">{l.description}</th>
                  <td className="num">{formatRupees(l.taxablePaise)}</td>
                  <td>
                    <MoneyInput
                      id={`debit-line-${l.number}`}
                      aria-label={t('debitNote.increase', { item: l.description })}
                      value={increases[l.number] ?? 0}
                      onAmount={(paise) => setIncreases({ ...increases, [l.number]: paise })}
                      live
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="row wrap">
          <div className="field">
            <label htmlFor="debit-reason">{t('debitNote.reason')}</label>
            <select id="debit-reason" value={reason} onChange={(e) => setReason(e.target.value as Reason)}>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`debitNote.reasons.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="secondary" disabled={working.busy} onClick={workOut}>
            {t('debitNote.workOut')}
          </button>
        </div>
        <ErrorMessage error={working.error} fields={fields} />
        {current !== null && (
          <>
            <dl className="totals" aria-live="polite">
              <dt>{t('debitNote.increaseColumn')}</dt>
              <dd>{formatRupees(current.totals.taxablePaise)}</dd>
              <dt>{t('debitNote.taxAdded')}</dt>
              <dd>{formatRupees(current.totals.taxPaise)}</dd>
              <dt className="grand">{t('debitNote.toCollect')}</dt>
              <dd className="grand" data-testid="debit-note-total">
                {formatRupees(current.totals.totalPaise)}
              </dd>
            </dl>
            <div className="row wrap">
              <div className="field">
                <label htmlFor="debit-method">{t('debitNote.collectedBy')}</label>
                <select
                  id="debit-method"
                  value={method}
                  onChange={(e) => setMethod(e.target.value as Method)}
                >
                  <option value="cash">{t('debitNote.methods.cash')}</option>
                  <option value="upi">{t('debitNote.methods.upi')}</option>
                  {invoice.customerId !== null && (
                    <option value="credit">{t('debitNote.methods.credit')}</option>
                  )}
                </select>
              </div>
              {method === 'upi' && (
                <div className="field">
                  <label htmlFor="debit-upi-ref">{t('debitNote.upiReference')}</label>
                  <input
                    id="debit-upi-ref"
                    autoComplete="off"
                    maxLength={40}
                    value={upiReference}
                    onChange={(e) => setUpiReference(e.target.value)}
                  />
                </div>
              )}
            </div>
          </>
        )}
        <ErrorMessage error={issuing.error} fields={fields} />
        <div className="row">
          <button type="submit" className="primary" disabled={current === null || issuing.busy}>
            {t('debitNote.confirm')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
