/**
 * An exchange: the goods coming back (chosen above) become a credit note, the goods going out a
 * new invoice, and the note pays for the invoice. The buyer pays what the new goods cost beyond
 * it, or gets the difference back; one request with one idempotency key issues both documents.
 */
import { useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { billingApi, type DocumentView, type PaymentInput, type ReturnRequestLine } from '../api/billing.api';
import { findItemByCode } from '../api/catalog.api';
import { formatRupees } from '../format/money';
import { ErrorMessage } from '../shell/status';
import { ApprovalDialog } from './approval-dialog';
import { ApprovalNotice } from './approval-notice';
import { cartReducer, emptyCart } from './cart';
import { CartTable } from './cart-table';
import { saleReference } from './sale-reference';
import { PaymentDialog } from './payment-dialog';
import { RefundForm, cashRefund, refundPayment, type Refund } from './refund-form';
import { ScanBox } from './scan-box';
import { useQuote, saleOf } from './use-quote';
import { paidOut, useRefundApproval } from './use-refund-approval';
import { useRetryKey } from './use-retry-key';
import { ApiError } from '../api/api-error';

export interface ExchangePanelProps {
  original: DocumentView;
  returnLines: readonly ReturnRequestLine[];
  /** The credit note's total, once priced. */
  creditPaise: number | null;
  /** What this cashier may pay back without a manager (null: any amount). */
  refundAllowancePaise?: number | null | undefined;
  onDone: (documents: DocumentView[]) => void;
}

export function ExchangePanel({
  original,
  returnLines,
  creditPaise,
  refundAllowancePaise,
  onDone,
}: ExchangePanelProps) {
  const { t } = useTranslation();
  const [cart, dispatch] = useReducer(cartReducer, { ...emptyCart, storeId: original.storeId });
  const { quote, error: quoteError, pending } = useQuote(cart, original.customerId);
  const [notFound, setNotFound] = useState<string | null>(null);
  const [refund, setRefund] = useState<Refund>(cashRefund);
  const [open, setOpen] = useState<'pay' | 'approval' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sale = saleOf(cart, original.customerId);
  const ready =
    quote !== null && !pending && creditPaise !== null && !quote.approvalNeeded && returnLines.length > 0;
  const due = ready ? quote.totals.totalPaise - creditPaise : 0;
  const refundOfDifference = due < 0 ? refundPayment(refund, -due) : null;
  const cashOut = useRefundApproval(
    original.storeId,
    refundOfDifference === null ? 0 : paidOut([refundOfDifference]),
    refundAllowancePaise,
  );
  const key = useRetryKey({
    original: original.id,
    returnLines,
    sale,
    refund,
    refundApproval: cashOut.approvalId,
  });

  const send = async (payments: PaymentInput[], refunds: PaymentInput[]) => {
    if (sale === null) return;
    setBusy(true);
    setError(null);
    try {
      const done = await billingApi.exchange(
        {
          invoiceId: original.id,
          returnLines: [...returnLines],
          lines: sale.lines,
          payments,
          refunds,
          ...(sale.approvalId === undefined ? {} : { approvalId: sale.approvalId }),
          ...(cashOut.approvalId === undefined ? {} : { refundApprovalId: cashOut.approvalId }),
        },
        key(),
      );
      onDone([done.creditNote, done.invoice]);
    } catch (e) {
      if (e instanceof ApiError && e.details?.reason === 'approval_required' && refunds.length > 0)
        cashOut.drop();
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack panel" aria-labelledby="exchange-title">
      <h2 id="exchange-title">{t('returns.newItems')}</h2>
      <ScanBox
        busy={busy}
        onScan={(code) =>
          void findItemByCode(code).then((item) => {
            setNotFound(item === null ? code : null);
            if (item !== null) dispatch({ type: 'add', item });
          })
        }
      />
      {notFound !== null && (
        <p className="message message-error" role="alert">
          {t('counter.notFound', { code: notFound })}
        </p>
      )}
      <CartTable lines={cart.lines} dispatch={dispatch} />
      <ErrorMessage error={quoteError} />
      {quote?.approvalNeeded === true && <ApprovalNotice onAsk={() => setOpen('approval')} />}
      {ready && (
        <dl className="totals">
          <dt>{t('returns.newGoods')}</dt>
          <dd>{formatRupees(quote.totals.totalPaise)}</dd>
          <dt>{t('returns.creditTotal')}</dt>
          <dd>-{formatRupees(creditPaise)}</dd>
          <dt className="grand">{due >= 0 ? t('returns.buyerPays') : t('returns.shopRefunds')}</dt>
          <dd className="grand" data-testid="exchange-difference">
            {formatRupees(Math.abs(due))}
          </dd>
        </dl>
      )}
      {ready && due < 0 && (
        <RefundForm refund={refund} onChange={setRefund} storeCredit={original.customerId !== null} />
      )}
      {ready && due < 0 && cashOut.view}
      <ErrorMessage error={error} />
      <button
        type="button"
        className="primary big"
        disabled={!ready || busy || (due < 0 && (refundOfDifference === null || cashOut.needed))}
        onClick={() => {
          if (due > 0) {
            key();
            setOpen('pay');
          } else void send([], refundOfDifference === null ? [] : [refundOfDifference]);
        }}
      >
        {t('returns.issueExchange')}
      </button>
      {open === 'pay' && (
        <PaymentDialog
          title={t('returns.payDifference')}
          totalPaise={due}
          storeId={original.storeId}
          reference={saleReference(key())}
          customer={null}
          busy={busy}
          error={error}
          submitLabel={t('returns.issueExchange')}
          onSubmit={(payments) => void send(payments, [])}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'approval' && quote !== null && (
        <ApprovalDialog
          storeId={original.storeId}
          reductionPaise={quote.reductionPaise}
          onApproved={(approval) => {
            dispatch({ type: 'setApproval', approval });
            setOpen(null);
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}
