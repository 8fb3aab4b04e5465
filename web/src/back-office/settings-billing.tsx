/**
 * Billing settings: the UPI address and payee name for payment QR codes, the cashier's discount
 * allowance, the policy for tax-inclusive prices in the apparel band where neither rate fits,
 * round-off, selling beyond stock, and the turnover band (6-digit HSN and e-invoices). Saving asks
 * for the password again (step-up, through the API client).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { billingApi, type BillingSettings } from '../api/billing.api';
import { FormFooter } from '../shell/form-footer';
import { ErrorMessage } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

const load = () => billingApi.settings();

function choice<K extends keyof BillingSettings>(
  t: (k: string) => string,
  form: BillingSettings,
  set: (patch: Partial<BillingSettings>) => void,
  key: K,
  options: readonly BillingSettings[K][],
) {
  return (
    <div className="field">
      <label htmlFor={`billing-${String(key)}`}>{t(`billing.${String(key)}`)}</label>
      <select
        id={`billing-${String(key)}`}
        value={String(form[key])}
        onChange={(e) => set({ [key]: options.find((o) => String(o) === e.target.value) })}
      >
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {t(`billing.options.${String(key)}.${String(o)}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function BillingForm({ initial }: { initial: BillingSettings }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const action = useAction();
  const set = (patch: Partial<BillingSettings>) => setForm((f) => ({ ...f, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setForm(await billingApi.saveSettings(form));
      return t('settings.saved');
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-busy={action.busy}>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="billing-upi">{t('billing.upiVpa')}</label>
          <input
            id="billing-upi"
            placeholder="shopname@okbank"
            value={form.upiVpa ?? ''}
            onChange={(e) => set({ upiVpa: e.target.value.trim() === '' ? null : e.target.value.trim() })}
          />
        </div>
        <div className="field">
          <label htmlFor="billing-payee">{t('billing.upiPayeeName')}</label>
          <input
            id="billing-payee"
            maxLength={60}
            value={form.upiPayeeName ?? ''}
            onChange={(e) => set({ upiPayeeName: e.target.value.trim() === '' ? null : e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="billing-allowance">{t('billing.discountAllowancePercent')}</label>
          <input
            id="billing-allowance"
            type="number"
            min={0}
            max={100}
            required
            value={form.discountAllowancePercent}
            aria-describedby="billing-allowance-hint"
            onChange={(e) => set({ discountAllowancePercent: Number(e.target.value) })}
          />
          <p id="billing-allowance-hint" className="hint">
            {t('billing.allowanceHint')}
          </p>
        </div>
      </div>
      <div className="row wrap">
        {choice(t, form, set, 'inclusiveBand', ['higher-rate', 'lower-rate', 'refuse'])}
        {choice(t, form, set, 'thresholdBasis', ['taxable-value', 'price-with-tax'])}
        {choice(t, form, set, 'roundOff', ['rupee', 'none'])}
        {choice(t, form, set, 'negativeStock', ['allow', 'refuse'])}
      </div>
      <p className="hint">{t('billing.bandHint')}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={form.turnoverAbove5Cr}
          onChange={(e) => set({ turnoverAbove5Cr: e.target.checked })}
        />
        {t('billing.turnoverAbove5Cr')}
      </label>
      <FormFooter action={action} />
    </form>
  );
}

export function BillingSettingsSection() {
  const { t } = useTranslation();
  const { data, error } = useLoad(load);
  return (
    <section className="panel stack" aria-labelledby="billing-title">
      <h2 id="billing-title">{t('billing.title')}</h2>
      <ErrorMessage error={error} />
      {data !== null && <BillingForm initial={data} />}
    </section>
  );
}
