/**
 * An installation set up before the first run asked for every detail (or by `tijori init` without
 * them) prints bills without some of them. At the owner's sign-in this asks, store by store, for
 * what is missing (address line, city, PIN code, phone, email, logo) and for the shop's UPI id,
 * each with what it is printed on. The address cannot wait; the others can be left for later
 * ("Fill in later"), which the server remembers for this owner so the prompt does not return at
 * every sign-in. The settings page lists everything still missing, skipped or not
 * (`MissingDetailsSection`). Only an owner is asked.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { billingApi } from '../api/billing.api';
import { setupApi, type MissingDetails, type SkippableDetail } from '../api/setup.api';
import { useSession } from '../auth/session';
import { LogoField } from '../back-office/logo-field';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';
import { FieldError, messageFor, namesAField } from './field-error';

type StoreEntry = MissingDetails['stores'][number];
type TextField = 'addressLine1' | 'city' | 'pincode' | 'phone' | 'email';

interface TextSpec {
  name: TextField;
  label: string;
  printedOn?: string;
  required?: boolean;
  maxLength: number;
  type?: string;
  inputMode?: 'numeric' | 'tel' | 'email';
}

/** The text fields a store's missing details ask for, in the prompt's order. */
function textSpecs(missing: readonly string[], t: (key: string) => string): TextSpec[] {
  const specs: TextSpec[] = [];
  if (missing.includes('address'))
    specs.push(
      {
        name: 'addressLine1',
        label: t('firstRun.fields.addressLine'),
        printedOn: t('firstRun.onEveryInvoice'),
        required: true,
        maxLength: 100,
      },
      { name: 'city', label: t('firstRun.fields.city'), required: true, maxLength: 50 },
      {
        name: 'pincode',
        label: t('firstRun.fields.pin'),
        required: true,
        maxLength: 6,
        inputMode: 'numeric',
      },
    );
  if (missing.includes('phone'))
    specs.push({
      name: 'phone',
      label: t('firstRun.fields.phone'),
      printedOn: t('firstRun.onReceiptHeader'),
      maxLength: 20,
      type: 'tel',
      inputMode: 'tel',
    });
  if (missing.includes('email'))
    specs.push({
      name: 'email',
      label: t('firstRun.fields.email'),
      printedOn: t('firstRun.onA4Invoice'),
      maxLength: 100,
      type: 'email',
    });
  return specs;
}

function StoreDetailsForm({
  entry,
  canSkip,
  onDone,
}: {
  entry: StoreEntry;
  canSkip: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const specs = textSpecs(entry.missing, t);
  const asksLogo = entry.missing.includes('logo');
  const [values, setValues] = useState<Record<string, string>>({});
  const [logo, setLogo] = useState<string | null>(null);
  const optional = entry.missing.filter(
    (d): d is Exclude<typeof d, 'address'> & SkippableDetail => d !== 'address',
  );
  const typed = (name: TextField) => (values[name] ?? '').trim();
  const patch: Record<string, string> = {};
  for (const spec of specs) if (typed(spec.name) !== '') patch[spec.name] = typed(spec.name);
  if (logo !== null) patch.logo = logo;
  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await billingApi.saveStoreProfile(entry.storeId, patch);
      onDone();
    });
  };
  const later = () =>
    void action.run(async () => {
      await setupApi.skipDetails(entry.storeId, optional);
      onDone();
    });
  const id = (name: string) => `missing-${entry.storeId}-${name}`;
  return (
    <form className="stack" onSubmit={save} aria-busy={action.busy} aria-labelledby={id('title')}>
      <h3 id={id('title')}>{entry.storeName}</h3>
      <div className="row wrap">
        {specs.map((spec) => {
          const problem = messageFor(action.error, spec.name);
          const hint = spec.printedOn === undefined ? undefined : id(`${spec.name}-hint`);
          const described = [hint, problem === null ? undefined : id(`${spec.name}-error`)]
            .filter(Boolean)
            .join(' ');
          return (
            <div className="field" key={spec.name}>
              <label htmlFor={id(spec.name)}>{spec.label}</label>
              <input
                id={id(spec.name)}
                type={spec.type ?? 'text'}
                required={spec.required}
                maxLength={spec.maxLength}
                inputMode={spec.inputMode}
                value={values[spec.name] ?? ''}
                aria-invalid={problem !== null}
                aria-describedby={described === '' ? undefined : described}
                onChange={(e) => setValues({ ...values, [spec.name]: e.target.value })}
              />
              {hint === undefined ? null : (
                <p id={hint} className="hint">
                  {spec.printedOn}
                </p>
              )}
              <FieldError id={id(`${spec.name}-error`)} label={spec.label} message={problem} />
            </div>
          );
        })}
      </div>
      {asksLogo && (
        <>
          <LogoField value={logo} onChange={setLogo} />
          <FieldError
            id={id('logo-error')}
            label={t('logo.title')}
            message={messageFor(action.error, 'logo')}
          />
        </>
      )}
      {namesAField(action.error, [...specs.map((s) => s.name), 'logo']) ? null : (
        <ErrorMessage error={action.error} />
      )}
      <div className="row wrap">
        <button type="submit" className="primary" disabled={action.busy || Object.keys(patch).length === 0}>
          {t('missingDetails.save')}
        </button>
        {canSkip && optional.length > 0 && (
          <button type="button" className="secondary" disabled={action.busy} onClick={later}>
            {entry.missing.includes('address')
              ? t('missingDetails.laterOptional')
              : t('missingDetails.later')}
          </button>
        )}
      </div>
    </form>
  );
}

function UpiForm({ canSkip, onDone }: { canSkip: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const action = useAction();
  const [upi, setUpi] = useState('');
  const label = t('firstRun.fields.upiVpa');
  const problem = messageFor(action.error, 'upiVpa');
  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const payee = (session.profile?.tenantName ?? '').slice(0, 60);
      await billingApi.saveSettings({ upiVpa: upi.trim(), upiPayeeName: payee === '' ? null : payee });
      onDone();
    });
  };
  const later = () =>
    void action.run(async () => {
      await setupApi.skipDetails(null, ['upiVpa']);
      onDone();
    });
  return (
    <form className="stack" onSubmit={save} aria-busy={action.busy} aria-labelledby="missing-upi-title">
      <h3 id="missing-upi-title">{t('missingDetails.wholeShop')}</h3>
      <div className="field">
        <label htmlFor="missing-upi">{label}</label>
        <input
          id="missing-upi"
          maxLength={100}
          value={upi}
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? 'missing-upi-hint' : 'missing-upi-hint missing-upi-error'}
          onChange={(e) => setUpi(e.target.value)}
        />
        <p id="missing-upi-hint" className="hint">
          {t('firstRun.onUpiQr')}
        </p>
        <FieldError id="missing-upi-error" label={label} message={problem} />
      </div>
      {problem === null && <ErrorMessage error={action.error} />}
      <div className="row wrap">
        <button type="submit" className="primary" disabled={action.busy || upi.trim() === ''}>
          {t('missingDetails.save')}
        </button>
        {canSkip && (
          <button type="button" className="secondary" disabled={action.busy} onClick={later}>
            {t('missingDetails.later')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Loads what is missing for an owner (nothing for anyone else), again after each save or skip. */
function useMissing(includeSkipped: boolean): { missing: MissingDetails | null; reload: () => void } {
  const session = useSession();
  const owner = session.profile?.roles.includes('owner') === true;
  const [missing, setMissing] = useState<MissingDetails | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!owner) return;
    let live = true;
    setupApi.missingDetails(includeSkipped).then(
      (found) => live && setMissing(found),
      () => live && setMissing(null),
    );
    return () => {
      live = false;
    };
  }, [owner, includeSkipped, round]);
  return { missing: owner ? missing : null, reload: () => setRound((r) => r + 1) };
}

function nothingMissing(m: MissingDetails | null): boolean {
  return m === null || (m.stores.length === 0 && !m.upiVpaMissing);
}

/** At sign-in, above the page the owner opened: one store (or the UPI id) at a time. */
export function MissingDetailsPrompt() {
  const { t } = useTranslation();
  const { missing, reload } = useMissing(false);
  if (missing === null || nothingMissing(missing)) return null;
  const first = missing.stores[0];
  return (
    <section className="card stack missing-details" aria-labelledby="missing-details-title">
      <h2 id="missing-details-title">{t('missingDetails.title')}</h2>
      <p>{t('missingDetails.intro')}</p>
      {first === undefined ? (
        <UpiForm canSkip onDone={reload} />
      ) : (
        <StoreDetailsForm key={first.storeId} entry={first} canSkip onDone={reload} />
      )}
      <p className="hint">{t('missingDetails.whereLater')}</p>
    </section>
  );
}

/** In the settings: everything still missing, skipped or not, to fill in now. */
export function MissingDetailsSection() {
  const { t } = useTranslation();
  const { missing, reload } = useMissing(true);
  const [saved, setSaved] = useState(false);
  const done = () => {
    setSaved(true);
    reload();
  };
  if (missing === null) return null;
  return (
    <section className="panel stack" aria-labelledby="missing-settings-title">
      <h2 id="missing-settings-title">{t('missingDetails.settingsTitle')}</h2>
      {saved && <Notice>{t('missingDetails.saved')}</Notice>}
      {nothingMissing(missing) ? (
        <p>{t('missingDetails.none')}</p>
      ) : (
        <>
          <p>{t('missingDetails.settingsIntro')}</p>
          {missing.stores.map((entry) => (
            <StoreDetailsForm key={entry.storeId} entry={entry} canSkip={false} onDone={done} />
          ))}
          {missing.upiVpaMissing && <UpiForm canSkip={false} onDone={done} />}
        </>
      )}
    </section>
  );
}
