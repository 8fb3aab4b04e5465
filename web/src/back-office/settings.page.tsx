/**
 * Shop settings: sign-in policy (a higher minimum password length, PCI DSS mode with 90-day
 * expiry for password-only accounts, the counter's idle timeout), the stores with their GSTINs,
 * billing (UPI, discount allowance, pricing policies), each store's printed details and invoice
 * series, an agri-input shop's dealer licences, item categories and near-expiry window, and the
 * alert channels and monitoring thresholds. Saving asks for the password again
 * (step-up).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type SignInSettings, type Store } from '../api/admin.api';
import { FormFooter } from '../shell/form-footer';
import { ErrorMessage } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';
import { AlertSettingsSection } from './settings-alerts';
import { BillingSettingsSection } from './settings-billing';
import { StoreSettingsSection } from './settings-store';
import { KhataSettingsSection } from '../agri/khata-settings';
import { AadhaarVaultSettings } from '../agri/vault-settings';
import {
  CategoryRulesSection,
  LicenceSettingsSection,
  NearExpirySettingsSection,
} from '../agri/agri-settings';
import { MissingDetailsSection } from '../first-run/missing-details';

const loadAll = async () => {
  const [settings, stores] = await Promise.all([adminApi.signInSettings(), adminApi.stores()]);
  return { settings, stores: stores.stores };
};

function SignInPolicyForm({ initial }: { initial: SignInSettings }) {
  const { t } = useTranslation();
  const [minLength, setMinLength] = useState(String(initial.minPasswordLength));
  const [pciMode, setPciMode] = useState(initial.pciMode);
  const [idle, setIdle] = useState(String(initial.counterIdleMinutes ?? 60));
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await adminApi.saveSignInSettings({
        minPasswordLength: Number(minLength),
        pciMode,
        counterIdleMinutes: Number(idle),
      });
      return t('settings.saved');
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-busy={action.busy}>
      <div className="field">
        <label htmlFor="min-length">{t('settings.minLength')}</label>
        <input
          id="min-length"
          type="number"
          min={0}
          max={64}
          required
          value={minLength}
          onChange={(e) => setMinLength(e.target.value)}
          aria-describedby="min-length-hint"
        />
        <p id="min-length-hint" className="hint">
          {t('settings.minLengthHint')}
        </p>
      </div>
      <label className="check">
        <input type="checkbox" checked={pciMode} onChange={(e) => setPciMode(e.target.checked)} />
        {t('settings.pciMode')}
      </label>
      <p className="hint">{t('settings.pciHint')}</p>
      <div className="field">
        <label htmlFor="idle">{t('settings.counterIdle')}</label>
        <input
          id="idle"
          type="number"
          min={5}
          max={480}
          required
          value={idle}
          onChange={(e) => setIdle(e.target.value)}
        />
      </div>
      <FormFooter action={action} />
    </form>
  );
}

function StoreList({ stores }: { stores: readonly Store[] }) {
  const { t } = useTranslation();
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('settings.store')}</th>
          <th scope="col">GSTIN</th>
          <th scope="col">{t('settings.stateCode')}</th>
        </tr>
      </thead>
      <tbody>
        {stores.map((s) => (
          <tr key={s.id}>
            <th scope="row">{s.name}</th>
            <td>
              <code>{s.gstin}</code>
            </td>
            <td>{s.stateCode}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function SettingsPage() {
  const { t } = useTranslation();
  const { data, error } = useLoad(loadAll);
  return (
    <div className="stack">
      <h1>{t('settings.title')}</h1>
      <ErrorMessage error={error} />
      <section className="panel stack" aria-labelledby="policy-title">
        <h2 id="policy-title">{t('settings.signIn')}</h2>
        {data !== null && <SignInPolicyForm initial={data.settings} />}
      </section>
      <section className="panel stack" aria-labelledby="stores-title">
        <h2 id="stores-title">{t('settings.stores')}</h2>
        {data !== null && <StoreList stores={data.stores} />}
      </section>
      <MissingDetailsSection />
      <BillingSettingsSection />
      {data !== null && <StoreSettingsSection stores={data.stores} />}
      {data !== null && <LicenceSettingsSection stores={data.stores} />}
      <CategoryRulesSection />
      <NearExpirySettingsSection />
      <KhataSettingsSection />
      <AadhaarVaultSettings />
      <AlertSettingsSection />
    </div>
  );
}
