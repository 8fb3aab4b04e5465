/**
 * The POS counter, keyboard first: the scan box has focus, Enter adds the item, F2 returns to the
 * scan box, Escape clears it. The cart is in memory (CartProvider). Checkout, payments and the
 * receipt arrive with the billing API; until then the totals show what was keyed in.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/api-error';
import { findItemByCode } from '../api/catalog.api';
import { useSession } from '../auth/session';
import { formatRupees } from '../format/money';
import { ConsentCapture } from '../privacy/consent-capture';
import { cartTotals } from './cart';
import { useCart } from './cart-context';
import { CartTable } from './cart-table';
import { ScanBox } from './scan-box';

/** Kept as a key and values, so it follows a language switch. */
type Message = { kind: 'ok' | 'error'; key: string; values: Record<string, string> } | null;

export function CounterPage() {
  const { t } = useTranslation();
  const session = useSession();
  const { cart, dispatch } = useCart();
  const scanRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const totals = cartTotals(cart);

  const focusScan = useCallback(() => scanRef.current?.focus(), []);

  useEffect(() => {
    // When the counter can take a scan (benchmark: time until the counter screen is usable).
    if (performance.getEntriesByName('tijori:counter-ready').length === 0)
      performance.mark('tijori:counter-ready');
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F2') {
        event.preventDefault();
        focusScan();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusScan]);

  const scan = async (code: string) => {
    setBusy(true);
    try {
      const item = await findItemByCode(code);
      if (item === null) setMessage({ kind: 'error', key: 'counter.notFound', values: { code } });
      else {
        dispatch({ type: 'add', item });
        setMessage({ kind: 'ok', key: 'counter.added', values: { name: item.name } });
      }
      // Latency marks for the benchmark (bench/web.bench.ts): Enter to the answer on screen.
      requestAnimationFrame(() =>
        performance.measure(item === null ? 'tijori:scan-to-result' : 'tijori:scan-to-cart', 'tijori:scan'),
      );
    } catch (error) {
      setMessage({ kind: 'error', key: 'counter.lookupFailed', values: { reason: describeError(error) } });
    } finally {
      setBusy(false);
      focusScan();
    }
  };

  return (
    <div className="counter">
      <div className="counter-main">
        <h1>{t('counter.title')}</h1>
        <ScanBox ref={scanRef} busy={busy} onScan={(code) => void scan(code)} />
        <p
          className={message?.kind === 'error' ? 'message message-error' : 'message message-ok'}
          role="status"
          aria-live="polite"
          data-testid="counter-message"
        >
          {message === null ? '' : t(message.key, message.values)}
        </p>
        <section aria-labelledby="cart-title">
          <h2 id="cart-title">{t('counter.cart')}</h2>
          <CartTable
            lines={cart.lines}
            dispatch={dispatch}
            canDiscount={session.permissions.has('discount.override')}
          />
        </section>
      </div>
      <aside className="counter-side" aria-labelledby="totals-title">
        <h2 id="totals-title">{t('counter.totals')}</h2>
        <dl className="totals">
          <dt>{t('counter.pieces')}</dt>
          <dd>{totals.quantity}</dd>
          <dt>{t('counter.gross')}</dt>
          <dd>{formatRupees(totals.grossPaise)}</dd>
          <dt>{t('counter.discountTotal')}</dt>
          <dd>{formatRupees(totals.discountPaise)}</dd>
          <dt className="grand">{t('counter.toPay')}</dt>
          <dd className="grand" data-testid="cart-total">
            {formatRupees(totals.netPaise)}
          </dd>
        </dl>
        <button type="button" className="primary big" disabled aria-describedby="pay-hint">
          {t('counter.pay')}
        </button>
        <p id="pay-hint" className="hint">
          {t('counter.payHint')}
        </p>
        <button
          type="button"
          className="secondary"
          disabled={cart.lines.length === 0}
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
            <dt>
              <kbd>Enter</kbd>
            </dt>
            <dd>{t('counter.keyEnter')}</dd>
            <dt>
              <kbd>F2</kbd>
            </dt>
            <dd>{t('counter.keyF2')}</dd>
            <dt>
              <kbd>Esc</kbd>
            </dt>
            <dd>{t('counter.keyEsc')}</dd>
          </dl>
        </details>
      </aside>
    </div>
  );
}
