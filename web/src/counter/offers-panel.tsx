/**
 * The sale's offers at the counter: those applied with what each saves and the total saved, a
 * coupon box, and on request why the other offers for these items did not apply ("Add 1 more to
 * get 1 free"), with a way to leave an offer out or put it back, or to apply one anyway whose
 * customer group or coupon is missing. Either is a manager's override: a manager (who holds the
 * override permission) makes it alone, a cashier with a manager's approval at the counter; the
 * server records it in the audit trail.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceQuote } from '../api/billing.api';
import { formatRupees } from '../format/money';
import { MAX_COUPONS, type CartAction, type CartOffers } from './cart';

type NotApplied = InvoiceQuote['notApplied'][number];

/**
 * Reasons a manager may override: the customer is not in the offer's group, or has no coupon (or
 * the coupon's minimum bill is not reached). Missing pieces or a bill offer's threshold cannot be
 * waived: the offer's saving is measured on them.
 */
const overridable = (n: NotApplied) =>
  n.reason === 'members-only' ||
  n.reason === 'needs-coupon' ||
  (n.reason === 'spend-more' && n.kind !== 'bill-threshold');

export function OffersPanel({
  quote,
  offers,
  canOverride,
  dispatch,
}: {
  quote: InvoiceQuote | null;
  offers: CartOffers;
  canOverride: boolean;
  dispatch: (action: CartAction) => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const addCoupon = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return;
    dispatch({ type: 'addCoupon', code });
    setCode('');
  };
  const reason = (n: NotApplied) => {
    if (n.reason === 'add-more')
      return n.kind === 'buy-x-get-y'
        ? t('counterOffers.reasons.add-more', { missing: n.missing ?? 1, reward: n.reward ?? 1 })
        : t('counterOffers.reasons.add-more-bundle', { missing: n.missing ?? 1 });
    if (n.reason === 'spend-more')
      return t('counterOffers.reasons.spend-more', { amount: formatRupees(n.missing ?? 0) });
    return t(`counterOffers.reasons.${n.reason}`);
  };
  const applied = quote?.offers ?? [];
  const missed = quote?.notApplied ?? [];
  const saved = quote?.savedPaise ?? 0;
  return (
    <section className="stack offers-panel" aria-labelledby="offers-title" data-testid="counter-offers">
      <h2 id="offers-title">{t('counterOffers.title')}</h2>
      {applied.length > 0 && (
        <ul aria-label={t('counterOffers.applied')} data-testid="applied-offers">
          {applied.map((a) => (
            <li key={a.id}>
              {t('counterOffers.saves', { name: a.name, amount: formatRupees(a.savingPaise) })}
              {offers.force.includes(a.id) && <> ({t('counterOffers.overridden')})</>}{' '}
              <button
                type="button"
                className="link"
                aria-label={t('counterOffers.leaveOut', { name: a.name })}
                onClick={() => dispatch({ type: 'skipOffer', offerId: a.id, skip: true })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {saved > 0 && (
        <p className="badge good" data-testid="you-save">
          {t('counterOffers.youSave', { amount: formatRupees(saved) })}
        </p>
      )}
      <form className="row" onSubmit={addCoupon}>
        <div className="field">
          <label htmlFor="coupon-box">{t('counterOffers.couponLabel')}</label>
          <input
            id="coupon-box"
            autoComplete="off"
            maxLength={30}
            value={code}
            disabled={offers.couponCodes.length >= MAX_COUPONS}
            onChange={(e) => setCode(e.target.value)}
          />
        </div>
        <button type="submit" className="secondary small">
          {t('counterOffers.applyCoupon')}
        </button>
      </form>
      {offers.couponCodes.length > 0 && (
        <ul className="row" data-testid="coupons-given">
          {offers.couponCodes.map((c) => (
            <li key={c} className="badge">
              {c}{' '}
              <button
                type="button"
                className="link"
                aria-label={t('counterOffers.removeCoupon', { code: c })}
                onClick={() => dispatch({ type: 'removeCoupon', code: c })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {quote !== null && (
        <details data-testid="offers-not-applied">
          <summary>{t('counterOffers.whyNot')}</summary>
          {missed.length === 0 ? (
            <p>{t('counterOffers.noneMissed')}</p>
          ) : (
            <ul>
              {missed.map((n) => (
                <li key={n.id}>
                  <strong>{n.name}</strong>: {reason(n)}{' '}
                  {n.reason === 'skipped' && (
                    <button
                      type="button"
                      className="link"
                      onClick={() => dispatch({ type: 'skipOffer', offerId: n.id, skip: false })}
                    >
                      {t('counterOffers.putBack', { name: n.name })}
                    </button>
                  )}
                  {overridable(n) && (
                    <button
                      type="button"
                      className="link"
                      aria-label={t('counterOffers.overrideOf', { name: n.name })}
                      onClick={() => dispatch({ type: 'forceOffer', offerId: n.id })}
                    >
                      {t('counterOffers.override')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {!canOverride && (applied.length > 0 || missed.some(overridable)) && (
            <p>
              <small>{t('counterOffers.overrideNeedsManager')}</small>
            </p>
          )}
        </details>
      )}
    </section>
  );
}
