/**
 * A new coupon: its code, the offer it unlocks (one that needs a coupon, or any), single use or a
 * number of uses, a limit per customer, a minimum bill, and when it is valid (IST).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { offersApi, type CouponView, type OfferView } from '../api/offers.api';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';
import { optionalNumber, rupees } from './form-values';
import { ScheduleFields, type ScheduleValue } from './schedule-fields';

export function CouponForm({
  offers,
  onCreated,
}: {
  offers: readonly OfferView[];
  onCreated: (coupon: CouponView) => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [offerId, setOfferId] = useState('');
  const [singleUse, setSingleUse] = useState(true);
  const [maxUses, setMaxUses] = useState('');
  const [perCustomer, setPerCustomer] = useState('');
  const [minBill, setMinBill] = useState('0');
  const [schedule, setSchedule] = useState<ScheduleValue>({ startsAt: '', endsAt: '' });
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const coupon = await offersApi.createCoupon({
        code: code.trim(),
        offerId,
        maxUses: singleUse ? 1 : optionalNumber(t, maxUses, t('offers.coupon.maxUses')),
        perCustomerLimit: optionalNumber(t, perCustomer, t('offers.coupon.perCustomer')),
        minBillPaise: minBill.trim() === '' ? 0 : rupees(t, minBill, t('offers.minBill')),
        startsAt: schedule.startsAt,
        endsAt: schedule.endsAt === '' ? null : schedule.endsAt,
      });
      setCode('');
      onCreated(coupon);
      return t('offers.coupon.created', { code: coupon.code });
    });
  };
  const fieldLabels = {
    code: t('offers.coupon.code'),
    offerId: t('offers.coupon.offer'),
    maxUses: t('offers.coupon.maxUses'),
    perCustomerLimit: t('offers.coupon.perCustomer'),
    minBillPaise: t('offers.minBill'),
    startsAt: t('offers.from'),
    endsAt: t('offers.until'),
  };
  // Offers that need a coupon first.
  const sorted = [...offers].sort((a, b) => Number(b.couponRequired) - Number(a.couponRequired));
  return (
    <form className="stack card" onSubmit={submit} aria-busy={action.busy} data-testid="coupon-form">
      <h2>{t('offers.newCoupon')}</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="coupon-code">{t('offers.coupon.code')}</label>
          <input
            id="coupon-code"
            required
            autoComplete="off"
            maxLength={30}
            aria-describedby="coupon-code-hint"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <small id="coupon-code-hint">{t('offers.coupon.codeHint')}</small>
        </div>
        <div className="field">
          <label htmlFor="coupon-offer">{t('offers.coupon.offer')}</label>
          <select id="coupon-offer" required value={offerId} onChange={(e) => setOfferId(e.target.value)}>
            <option value="">{t('offers.coupon.chooseOffer')}</option>
            {sorted.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={singleUse} onChange={(e) => setSingleUse(e.target.checked)} />{' '}
          {t('offers.coupon.singleUse')}
        </label>
        {!singleUse && (
          <div className="field">
            <label htmlFor="coupon-max">{t('offers.coupon.maxUses')}</label>
            <input
              id="coupon-max"
              inputMode="numeric"
              value={maxUses}
              onChange={(e) => setMaxUses(e.target.value)}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="coupon-per-customer">{t('offers.coupon.perCustomer')}</label>
          <input
            id="coupon-per-customer"
            inputMode="numeric"
            value={perCustomer}
            onChange={(e) => setPerCustomer(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="coupon-min-bill">{t('offers.minBill')}</label>
          <input
            id="coupon-min-bill"
            inputMode="decimal"
            value={minBill}
            onChange={(e) => setMinBill(e.target.value)}
          />
        </div>
      </div>
      <ScheduleFields prefix="coupon" value={schedule} onChange={setSchedule} />
      <ErrorMessage error={action.error} fields={fieldLabels} />
      <Notice>{action.notice}</Notice>
      <div className="row">
        <button type="submit" className="primary" disabled={action.busy}>
          {t('offers.create')}
        </button>
      </div>
    </form>
  );
}
