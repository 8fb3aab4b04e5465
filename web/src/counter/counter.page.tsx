/**
 * The POS counter, keyboard first: the scan box has focus (a scanner types the code and Enter),
 * F3 searches by name, F4 chooses the customer, F8 takes the payment, F2 comes back to the scan
 * box. The sale lives in memory above the routes (CartProvider); its totals are the server's
 * quote; a discount beyond the cashier's allowance asks for a manager; issuing sends the sale with
 * its idempotency key, so a repeated click or a lost answer bills once.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { billingApi, type DocumentView, type PaymentInput } from '../api/billing.api';
import { ApiError } from '../api/api-error';
import { errorText } from '../shell/error-text';
import { findItemByCode, type CatalogItem } from '../api/catalog.api';
import { useSession } from '../auth/session';
import { ConsentCapture } from '../privacy/consent-capture';
import { pages } from '../shell/navigation';
import { ErrorMessage } from '../shell/status';
import { BatchPicker } from '../agri/batch-picker';
import { AgriSalePanel, posReferenceProblem, subsidyOfCart } from '../agri/agri-sale-panel';
import { ApprovalDialog } from './approval-dialog';
import { ApprovalNotice } from './approval-notice';
import { useCart } from './cart-context';
import { CartTable } from './cart-table';
import { CustomerBar } from './customer-bar';
import { KhataCard } from '../agri/khata-card';
import { CustomerDialog } from './customer-dialog';
import { ItemSearch } from './item-search';
import { PaymentDialog } from './payment-dialog';
import { ReceiptDialog } from './receipt-dialog';
import { saleReference } from './sale-reference';
import { SaleTotals } from './sale-totals';
import { ScanBox } from './scan-box';
import { StorePicker } from './store-picker';
import { OffersPanel } from './offers-panel';
import { SupplyPanel } from './supply-panel';
import { useCounterKeys } from './use-counter-keys';
import { saleOf, useQuote } from './use-quote';
import { OfflineBanner } from '../offline/offline-banner';
import {
  markOffline,
  offlineCatalog,
  offlineRefusal,
  OfflineRefused,
  prepareCounter,
  sellOffline,
} from '../offline/offline-counter';
import { findOffline, priceOffline } from '../offline/offline-pricing';
import { useOfflineStatus } from '../offline/use-offline';
import { formatRupees } from '../format/money';
import { takeOverWhenIdle } from '../offline/app-shell';

/** Kept as a key and values, so it follows a language switch. */
type Message = { kind: 'ok' | 'error'; key: string; values: Record<string, string> } | null;
type Open = 'customer' | 'approval' | 'pay' | null;

export function CounterPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const { cart, dispatch } = useCart();
  const offline = useOfflineStatus();
  const online = useQuote(cart);
  // Offline, the counter prices with the GST engine and the catalog it keeps (no offers, no discounts).
  const localQuote = useMemo(() => {
    // Recomputed when the kept catalog becomes ready (it lives outside React).
    const catalog = offline.ready ? offlineCatalog() : null;
    if (!offline.offline || catalog === null) return null;
    try {
      return priceOffline(catalog, cart, new Date());
    } catch {
      return null;
    }
  }, [offline.offline, offline.ready, cart]);
  const quote = offline.offline ? localQuote : online.quote;
  const quoteError = offline.offline ? null : online.error;
  const pending = offline.offline ? false : online.pending;
  const refusal = offline.offline && cart.lines.length > 0 ? offlineRefusal(cart) : null;
  const scanRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [open, setOpen] = useState<Open>(null);
  const [issuing, setIssuing] = useState(false);
  const [payError, setPayError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<DocumentView | null>(null);
  const focusScan = useCallback(() => scanRef.current?.focus(), []);
  const offerFields = {
    'offers.couponCodes.*': t('counterOffers.couponLabel'),
    'offers.force.*': t('counterOffers.title'),
  };
  // Offers left out or applied anyway: a manager's override (approved like a discount).
  const offersChanged = cart.offers.skip.length + cart.offers.force.length > 0;
  const canPay =
    quote !== null &&
    !pending &&
    !quote.approvalNeeded &&
    cart.lines.length > 0 &&
    cart.storeId !== null &&
    posReferenceProblem(cart.subsidy.posReference) === null &&
    refusal === null;

  // While the server answers, the counter keeps its key, catalog and numbers for offline selling.
  const profile = session.profile;
  useEffect(() => {
    if (cart.storeId === null || profile === null) return;
    prepareCounter(cart.storeId, profile).catch(() => undefined);
  }, [cart.storeId, profile, offline.offline]);
  // A new build of the app takes over only between sales.
  const idle = cart.lines.length === 0 && open === null && !issuing;
  useEffect(() => {
    if (idle) takeOverWhenIdle();
  }, [idle]);

  useEffect(() => {
    // When the counter can take a scan (benchmark: time until the counter screen is usable).
    if (performance.getEntriesByName('tijori:counter-ready').length === 0)
      performance.mark('tijori:counter-ready');
  }, []);

  // Whenever no window is open, the scan box takes the next code (also after a dialog closed and
  // handed the focus back to whatever opened it).
  const dialogOpen = open !== null || receipt !== null;
  useEffect(() => {
    if (!dialogOpen) focusScan();
  }, [dialogOpen, focusScan]);

  const openPayment = () => {
    dispatch({ type: 'keySale', key: cart.saleKey ?? crypto.randomUUID() });
    setPayError(null);
    setOpen('pay');
  };
  // F8 while the last scan is still being looked up or priced: payment opens when the price
  // arrives (unless that price needs a manager's approval, or the cart emptied meanwhile).
  const pricing = busy || pending;
  const payWhenPriced = useRef(false);
  const startPayment = () => {
    if (canPay) openPayment();
    else if (pricing) payWhenPriced.current = true;
  };
  const openPaymentRef = useRef(openPayment);
  useEffect(() => {
    openPaymentRef.current = openPayment;
  });
  useEffect(() => {
    if (!payWhenPriced.current || pricing) return;
    payWhenPriced.current = false;
    if (canPay) openPaymentRef.current();
  }, [pricing, canPay]);
  const chooseCustomer = () => {
    if (offline.offline) setMessage({ kind: 'error', key: 'offline.refused.customer', values: {} });
    else setOpen('customer');
  };
  useCounterKeys({
    F2: focusScan,
    F3: () => searchRef.current?.focus(),
    F4: chooseCustomer,
    F8: startPayment,
  });

  const add = (item: CatalogItem) => {
    dispatch({ type: 'add', item });
    setMessage({ kind: 'ok', key: 'counter.added', values: { name: item.name } });
  };

  /** Scans in the order they were entered: each waits for the one before it. */
  const scans = useRef<{ queue: Promise<void>; pending: number }>({ queue: Promise.resolve(), pending: 0 });
  const scan = (code: string): Promise<void> => {
    scans.current.pending += 1;
    setBusy(true);
    const next = scans.current.queue.then(() => scanOne(code));
    scans.current.queue = next.finally(() => {
      scans.current.pending -= 1;
      if (scans.current.pending === 0) setBusy(false);
    });
    return scans.current.queue;
  };
  const findOfflineItem = (code: string): CatalogItem | null => {
    const catalog = offlineCatalog();
    const found = catalog === null ? undefined : findOffline(catalog, code);
    return found === undefined
      ? null
      : {
          id: found.variantId,
          itemId: found.variantId,
          name: found.name,
          barcode: found.barcode ?? code,
          pricePaise: found.pricePaise,
        };
  };
  const findItem = async (code: string): Promise<CatalogItem | null> => {
    if (offline.offline) return findOfflineItem(code);
    try {
      return await findItemByCode(code);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 0) throw error;
      markOffline(true);
      return findOfflineItem(code);
    }
  };
  const scanOne = async (code: string) => {
    try {
      const item = await findItem(code);
      if (item === null) setMessage({ kind: 'error', key: 'counter.notFound', values: { code } });
      else add(item);
      // Latency marks for the benchmark (bench/web.bench.ts): Enter to the answer on screen.
      requestAnimationFrame(() =>
        performance.measure(item === null ? 'tijori:scan-to-result' : 'tijori:scan-to-cart', 'tijori:scan'),
      );
    } catch (error) {
      const reason = errorText(error, { t, exists: (key) => i18n.exists(key) }).sentence;
      setMessage({ kind: 'error', key: 'counter.lookupFailed', values: { reason } });
    } finally {
      focusScan();
    }
  };

  const issueOffline = async (payments: PaymentInput[], saleKey: string) => {
    const kept = await sellOffline(cart, payments, saleKey);
    setOpen(null);
    dispatch({ type: 'clear' });
    setMessage({
      kind: 'ok',
      key: 'offline.saved',
      values: { number: kept.number, amount: formatRupees(kept.totalPaise) },
    });
  };

  const issue = async (payments: PaymentInput[]) => {
    const sale = saleOf(cart);
    if (sale === null || cart.saleKey === null) return;
    setIssuing(true);
    setPayError(null);
    if (offline.offline) {
      try {
        await issueOffline(payments, cart.saleKey);
      } catch (error) {
        if (error instanceof OfflineRefused) {
          setOpen(null);
          setMessage({ kind: 'error', key: `offline.refused.${error.reason}`, values: {} });
        } else setPayError(error);
      } finally {
        setIssuing(false);
      }
      return;
    }
    try {
      const document = await billingApi.checkout(
        { ...sale, payments, ...subsidyOfCart(cart.subsidy) },
        cart.saleKey,
      );
      setOpen(null);
      setReceipt(document);
      dispatch({ type: 'clear' });
      setMessage(null);
    } catch (error) {
      if (error instanceof ApiError && error.details?.reason === 'approval_required') {
        // The approval ran out or was used meanwhile: drop it, so the counter asks again.
        dispatch({ type: 'setApproval', approval: null });
        setOpen(null);
        setMessage({ kind: 'error', key: 'approval.again', values: {} });
      } else {
        // No answer: the sale may or may not have been billed. The counter goes offline; paying
        // again sends it with the same key, so it is billed once either way.
        if (error instanceof ApiError && error.status === 0) markOffline(true);
        setPayError(error);
      }
    } finally {
      setIssuing(false);
    }
  };

  return (
    <div className="counter">
      <div className="counter-main stack">
        <div className="row spread wrap">
          <h1>{t('counter.title')}</h1>
          <StorePicker />
          {session.permissions.has('credit_note.create') && (
            <Link to={pages.returns.path}>{t('nav.returns')}</Link>
          )}
        </div>
        <OfflineBanner />
        <div className="counter-inputs">
          <ScanBox ref={scanRef} busy={busy} onScan={(code) => void scan(code)} />
          <ItemSearch
            ref={searchRef}
            onPick={(item) => {
              add(item);
              focusScan();
            }}
          />
        </div>
        <p
          className={message?.kind === 'error' ? 'message message-error' : 'message message-ok'}
          role="status"
          aria-live="polite"
          data-testid="counter-message"
        >
          {message === null ? '' : t(message.key, message.values)}
        </p>
        <CustomerBar customer={cart.customer} onChange={chooseCustomer} />
        {cart.customer !== null && <KhataCard key={cart.customer.id} customer={cart.customer} />}
        <section aria-labelledby="cart-title">
          <h2 id="cart-title">{t('counter.cart')}</h2>
          <CartTable
            lines={cart.lines}
            savings={pending ? undefined : quote?.lines.map((l) => l.savings)}
            dispatch={dispatch}
          />
        </section>
        <BatchPicker lines={cart.lines} storeId={cart.storeId} dispatch={dispatch} />
        <AgriSalePanel lines={cart.lines} storeId={cart.storeId} subsidy={cart.subsidy} dispatch={dispatch} />
      </div>
      <aside className="counter-side" aria-labelledby="totals-title">
        <h2 id="totals-title">{t('counter.totals')}</h2>
        <SaleTotals cart={cart} quote={quote} pending={pending} />
        {refusal !== null && (
          <p className="message message-error" role="alert" data-testid="offline-refusal">
            {t(`offline.refused.${refusal}`)}
          </p>
        )}
        <ErrorMessage error={quoteError} fields={offerFields} />
        <OffersPanel
          quote={quote}
          offers={cart.offers}
          canOverride={session.permissions.has('discount.override')}
          dispatch={dispatch}
        />
        <SupplyPanel
          supply={cart.supply}
          hasRegisteredCustomer={cart.customer?.registered === true}
          dispatch={dispatch}
        />
        {quote?.approvalNeeded === true && (
          <ApprovalNotice onAsk={() => setOpen('approval')} offers={offersChanged} />
        )}
        {cart.approval !== null && quote?.approvalNeeded === false && (
          <p className="badge good">{t(offersChanged ? 'approval.grantedOffers' : 'approval.granted')}</p>
        )}
        <button type="button" className="primary big" disabled={!canPay} onClick={startPayment}>
          {t('counter.pay')} <kbd>F8</kbd>
        </button>
        <button
          type="button"
          className="secondary"
          disabled={cart.lines.length === 0 && cart.customer === null}
          onClick={() => {
            dispatch({ type: 'clear' });
            setMessage(null);
            focusScan();
          }}
        >
          {t('counter.clear')}
        </button>
        {session.permissions.has('consent.capture') && <ConsentCapture />}
        <details className="shortcuts">
          <summary>{t('counter.shortcuts')}</summary>
          <dl>
            {(['Enter', 'F2', 'F3', 'F4', 'F8', 'Esc'] as const).map((k) => (
              <div key={k} className="contents">
                <dt>
                  <kbd>{k}</kbd>
                </dt>
                <dd>{t(`counter.key${k}`)}</dd>
              </div>
            ))}
          </dl>
        </details>
      </aside>
      {open === 'customer' && (
        <CustomerDialog
          onChoose={(customer) => {
            dispatch({ type: 'setCustomer', customer });
            setOpen(null);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'approval' && quote !== null && cart.storeId !== null && (
        <ApprovalDialog
          storeId={cart.storeId}
          reductionPaise={quote.reductionPaise}
          offers={cart.offers}
          onApproved={(approval) => {
            dispatch({ type: 'setApproval', approval });
            setOpen(null);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'pay' && quote !== null && cart.storeId !== null && cart.saleKey !== null && (
        <PaymentDialog
          title={t('pay.title')}
          totalPaise={quote.totals.totalPaise}
          storeId={cart.storeId}
          reference={saleReference(cart.saleKey)}
          customer={cart.customer}
          busy={issuing}
          error={payError}
          submitLabel={t('pay.issue')}
          onSubmit={(payments) => void issue(payments)}
          onClose={() => setOpen(null)}
        />
      )}
      {receipt !== null && <ReceiptDialog document={receipt} onNext={() => setReceipt(null)} />}
    </div>
  );
}
