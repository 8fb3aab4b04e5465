/**
 * A store as printed on its documents (legal and trade name, address, contact, registration) and
 * its series: invoice, credit-note and debit-note prefixes, the financial year in the number, the
 * counter's digits, with the next numbers of this year. A changed format starts at once when this
 * year's series is unused, else on 1 April (numbers stay consecutive within a year). The Letter of
 * Undertaking (number and date) under which exports and SEZ supplies go without tax.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../api/admin.api';
import { api } from '../api/api-client';
import { billingApi, type StoreProfile } from '../api/billing.api';
import { formatDateOnly } from '../format/dates';
import { DateInput } from '../shell/date-input';
import { StoreSelect } from '../shell/store-select';
import { FormFooter } from '../shell/form-footer';
import { LogoField } from './logo-field';
import { ErrorMessage } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';

interface SeriesState {
  series: 'invoice' | 'credit-note' | 'debit-note';
  fyLabel: string;
  lastNumber: string | null;
  nextNumber: string;
}

type Editable = Omit<StoreProfile, 'storeId' | 'gstin' | 'stateCode' | 'seriesFormatFrom'>;
type TextKey = Exclude<keyof Editable, 'registration' | 'includeYear' | 'minDigits' | 'receiptLanguage'>;

const loadStore = async (storeId: string) => {
  const [profile, series] = await Promise.all([
    billingApi.storeProfile(storeId),
    api<{ series: SeriesState[] }>('GET', `/series?storeId=${encodeURIComponent(storeId)}`),
  ]);
  return { profile, series: series.series };
};

function ProfileForm({ profile, series }: { profile: StoreProfile; series: SeriesState[] }) {
  const { t } = useTranslation();
  const { storeId, gstin, stateCode, seriesFormatFrom, ...editable } = profile;
  const [form, setForm] = useState<Editable>(editable);
  const [from, setFrom] = useState(seriesFormatFrom);
  const action = useAction();
  const text = (key: TextKey, label: string, maxLength = 100) => (
    <div className="field">
      <label htmlFor={`store-${key}`}>{label}</label>
      <input
        id={`store-${key}`}
        maxLength={maxLength}
        value={form[key] ?? ''}
        onChange={(e) =>
          setForm({ ...form, [key]: e.target.value === '' && key !== 'legalName' ? null : e.target.value })
        }
      />
    </div>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const saved = await billingApi.saveStoreProfile(storeId, form);
      setFrom(saved.seriesFormatFrom);
      return t('settings.saved');
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-busy={action.busy}>
      <p className="hint">
        GSTIN <code>{gstin}</code> · {t('settings.stateCode')} {stateCode}
      </p>
      <div className="row wrap">
        {text('legalName', t('store.legalName'))}
        {text('tradeName', t('store.tradeName'))}
        {text('addressLine1', t('store.addressLine1'))}
        {text('addressLine2', t('store.addressLine2'))}
        {text('city', t('customers.city'), 50)}
        {text('pincode', t('customers.pincode'), 6)}
        {text('phone', t('customer.phone'), 20)}
        {text('email', t('customers.fields.email'))}
        <div className="field">
          <label htmlFor="store-registration">{t('store.registration')}</label>
          <select
            id="store-registration"
            value={form.registration}
            onChange={(e) => setForm({ ...form, registration: e.target.value as Editable['registration'] })}
          >
            <option value="regular">{t('store.regular')}</option>
            <option value="composition">{t('store.composition')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="store-receipt-language">{t('stores.receiptLanguage')}</label>
          <select
            id="store-receipt-language"
            value={form.receiptLanguage}
            onChange={(e) => setForm({ ...form, receiptLanguage: e.target.value === 'hi' ? 'hi' : 'en' })}
          >
            <option value="en">{t('stores.languages.en')}</option>
            <option value="hi">{t('stores.languages.hi')}</option>
          </select>
        </div>
      </div>
      <LogoField value={form.logo} onChange={(logo) => setForm({ ...form, logo })} />
      <fieldset className="stack">
        <legend>{t('store.series')}</legend>
        <div className="row wrap">
          {text('invoicePrefix', t('store.invoicePrefix'), 12)}
          {text('creditNotePrefix', t('store.creditNotePrefix'), 12)}
          {text('debitNotePrefix', t('store.debitNotePrefix'), 12)}
          <div className="field">
            <label htmlFor="store-digits">{t('store.minDigits')}</label>
            <input
              id="store-digits"
              type="number"
              min={1}
              max={10}
              value={form.minDigits}
              onChange={(e) => setForm({ ...form, minDigits: Number(e.target.value) })}
            />
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={form.includeYear}
              onChange={(e) => setForm({ ...form, includeYear: e.target.checked })}
            />
            {t('store.includeYear')}
          </label>
        </div>
        <ul className="plain" data-testid="series">
          {series.map((s) => (
            <li key={s.series}>
              {t(`store.seriesOf.${s.series}`, { fy: s.fyLabel })}: {t('store.next')}{' '}
              <code>{s.nextNumber}</code>
              {s.lastNumber !== null && (
                <>
                  {' '}
                  · {t('store.last')} <code>{s.lastNumber}</code>
                </>
              )}
            </li>
          ))}
        </ul>
        {from !== undefined && (
          <p className="hint">{t('store.formatFrom', { date: formatDateOnly(from) })}</p>
        )}
      </fieldset>
      <fieldset className="stack">
        <legend>{t('lut.legend')}</legend>
        <p className="hint">{t('lut.hint')}</p>
        <div className="row wrap">
          {text('lutNumber', t('lut.number'), 30)}
          <div className="field">
            <label htmlFor="store-lutDate">{t('lut.date')}</label>
            <DateInput
              id="store-lutDate"
              value={form.lutDate ?? ''}
              onValue={(iso) => setForm({ ...form, lutDate: iso === '' ? null : iso })}
            />
          </div>
        </div>
      </fieldset>
      <FormFooter action={action} />
    </form>
  );
}

export function StoreSettingsSection({ stores }: { stores: readonly Store[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const storeId = chosen ?? stores[0]?.id ?? '';
  const loaded = useFetch(storeId, () => loadStore(storeId));
  return (
    <section className="panel stack" aria-labelledby="store-profile-title">
      <h2 id="store-profile-title">{t('store.title')}</h2>
      {stores.length > 1 && (
        <StoreSelect
          id="store-choice"
          label={t('counter.store')}
          stores={stores}
          value={storeId}
          onChange={setChosen}
        />
      )}
      <ErrorMessage error={loaded.error} />
      {loaded.data !== null && (
        <ProfileForm key={storeId} profile={loaded.data.profile} series={loaded.data.series} />
      )}
    </section>
  );
}
