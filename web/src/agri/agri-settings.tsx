/**
 * An agri-input shop's rules in store settings (issue 17): each store's dealer licences
 * (pesticide, fertiliser, seed: number as printed, issue day, last valid day, where each stands
 * today), the item categories (kept by batch, the licence they are sold under, subsidised
 * fertiliser sold through the government PoS device) and the near-expiry window of batches.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../api/admin.api';
import {
  agriApi,
  licenceKindList,
  type AgriSettings,
  type CategoryRuleView,
  type LicenceKind,
  type LicenceView,
} from '../api/agri.api';
import { formatDateOnly } from '../format/dates';
import { DateInput } from '../shell/date-input';
import { StoreSelect } from '../shell/store-select';
import { FormFooter } from '../shell/form-footer';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction, useFetch, useLoad } from '../shell/use-load';
import { batchesApi } from './batches.api';

/** Letters, digits and the marks licences are printed with (as the server accepts). */
const LICENCE_NUMBER = /^[A-Za-z0-9/().,: -]{3,60}$/;

/** Where a licence stands today, in words. */
export function LicenceStanding({ licence }: { licence: LicenceView | undefined }) {
  const { t } = useTranslation();
  if (licence === undefined) return <p className="hint">{t('agriCounter.licences.none')}</p>;
  const date = formatDateOnly(licence.validUntil);
  switch (licence.state) {
    case 'expired':
      return (
        <p className="message message-error" data-testid="licence-state">
          {t('agriCounter.licences.expired', { date })}
        </p>
      );
    case 'not-yet-valid':
      return (
        <p className="message warn" data-testid="licence-state">
          {t('agriCounter.licences.notYetValid', { date: formatDateOnly(licence.validFrom ?? '') })}
        </p>
      );
    case 'expiring':
      return (
        <p className="message warn" data-testid="licence-state">
          {licence.daysLeft === 0
            ? t('agriCounter.licences.expiresToday', { date })
            : t('agriCounter.licences.expiring', { count: licence.daysLeft, date })}
        </p>
      );
    case 'valid':
      return (
        <p className="good" data-testid="licence-state">
          {t('agriCounter.licences.valid', { date })}
        </p>
      );
  }
}

function LicenceForm({
  storeId,
  kind,
  initial,
}: {
  storeId: string;
  kind: LicenceKind;
  initial: LicenceView | undefined;
}) {
  const { t } = useTranslation();
  const [licence, setLicence] = useState(initial);
  const [number, setNumber] = useState(initial?.number ?? '');
  const [validFrom, setValidFrom] = useState(initial?.validFrom ?? '');
  const [validUntil, setValidUntil] = useState(initial?.validUntil ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const name = t(`agriCounter.kinds.${kind}`);
  const id = `licence-${kind}`;
  const check = (): string | null => {
    if (number.trim() === '') return t('agriCounter.licences.needNumber');
    if (!LICENCE_NUMBER.test(number.trim())) return t('agriCounter.licences.badNumber');
    if (validUntil === '') return t('agriCounter.licences.needUntil');
    if (validFrom !== '' && validFrom >= validUntil) return t('agriCounter.licences.untilBeforeFrom');
    return null;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    setProblem(found);
    if (found !== null) return;
    void action.run(async () => {
      setLicence(
        await agriApi.saveLicence(storeId, kind, {
          number: number.trim(),
          validFrom: validFrom === '' ? null : validFrom,
          validUntil,
        }),
      );
      return t('agriCounter.licences.saved', { kind: name });
    });
  };
  const remove = () =>
    void action.run(async () => {
      await agriApi.removeLicence(storeId, kind);
      setLicence(undefined);
      setNumber('');
      setValidFrom('');
      setValidUntil('');
      return t('agriCounter.licences.removed', { kind: name });
    });
  return (
    <form className="stack" onSubmit={submit} aria-busy={action.busy} noValidate>
      <fieldset className="stack" data-testid={`licence-${kind}`}>
        <legend>{name}</legend>
        <LicenceStanding licence={licence} />
        <div className="row wrap">
          <div className="field">
            <label htmlFor={`${id}-number`}>{t('agriCounter.licences.number')}</label>
            <input
              id={`${id}-number`}
              maxLength={60}
              autoComplete="off"
              value={number}
              onChange={(e) => setNumber(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('agriCounter.licences.validFrom')}</label>
            <DateInput id={`${id}-from`} value={validFrom} onValue={setValidFrom} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-until`}>{t('agriCounter.licences.validUntil')}</label>
            <DateInput id={`${id}-until`} value={validUntil} onValue={setValidUntil} />
          </div>
        </div>
        {problem !== null && (
          <p className="message message-error" role="alert">
            {problem}
          </p>
        )}
        <ErrorMessage
          error={action.error}
          fields={{
            number: t('agriCounter.licences.number'),
            validFrom: t('agriCounter.licences.validFrom'),
            validUntil: t('agriCounter.licences.validUntil'),
          }}
        />
        <Notice>{action.notice}</Notice>
        <div className="row wrap">
          <button type="submit" className="primary" disabled={action.busy}>
            {t('agriCounter.licences.save', { kind: name })}
          </button>
          {licence !== undefined && (
            <button type="button" className="secondary" disabled={action.busy} onClick={remove}>
              {t('agriCounter.licences.remove', { kind: name })}
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}

export function LicenceSettingsSection({ stores }: { stores: readonly Store[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const storeId = chosen ?? stores[0]?.id ?? '';
  const loaded = useFetch(storeId, () => agriApi.licences(storeId));
  return (
    <section className="panel stack" aria-labelledby="licences-title">
      <h2 id="licences-title">{t('agriCounter.licences.title')}</h2>
      <p className="hint">{t('agriCounter.licences.intro')}</p>
      {stores.length > 1 && (
        <StoreSelect
          id="licence-store"
          label={t('agriCounter.licences.store')}
          stores={stores}
          value={storeId}
          onChange={setChosen}
        />
      )}
      <ErrorMessage error={loaded.error} />
      {loaded.data !== null &&
        licenceKindList.map((kind) => (
          <LicenceForm
            key={`${storeId}-${kind}`}
            storeId={storeId}
            kind={kind}
            initial={loaded.data?.licences.find((l) => l.kind === kind)}
          />
        ))}
    </section>
  );
}

const loadRules = async () => (await batchesApi.categoryRules()).rules;
const emptyRule: CategoryRuleView = { category: '', needsBatch: true, licenceKind: null, subsidised: false };

export function CategoryRulesSection() {
  const { t } = useTranslation();
  const rules = useLoad(loadRules);
  const [form, setForm] = useState<CategoryRuleView>(emptyRule);
  const action = useAction();
  const licenceName = (kind: LicenceKind | null) =>
    kind === null ? t('agriCounter.categories.noLicence') : t(`agriCounter.kinds.${kind}`);
  const yesNo = (value: boolean) => t(value ? 'agriCounter.categories.yes' : 'agriCounter.categories.no');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const saved = await agriApi.saveCategoryRule({ ...form, category: form.category.trim() });
      await rules.reload();
      setForm(emptyRule);
      return t('agriCounter.categories.saved', { category: saved.category });
    });
  };
  return (
    <section className="panel stack" aria-labelledby="agri-categories-title">
      <h2 id="agri-categories-title">{t('agriCounter.categories.title')}</h2>
      <p className="hint">{t('agriCounter.categories.intro')}</p>
      <ErrorMessage error={rules.error} />
      {rules.data !== null && rules.data.length === 0 && <p>{t('agriCounter.categories.none')}</p>}
      {rules.data !== null && rules.data.length > 0 && (
        <table data-testid="agri-categories">
          <thead>
            <tr>
              <th scope="col">{t('agriCounter.categories.category')}</th>
              <th scope="col">{t('agriCounter.categories.byBatch')}</th>
              <th scope="col">{t('agriCounter.categories.licence')}</th>
              <th scope="col">{t('agriCounter.categories.subsidised')}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {rules.data.map((r) => (
              <tr key={r.category}>
                <th scope="row">{r.category}</th>
                <td>{yesNo(r.needsBatch)}</td>
                <td>{licenceName(r.licenceKind)}</td>
                <td>{yesNo(r.subsidised)}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => setForm(r)}>
                    {t('agriCounter.categories.edit', { category: r.category })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <h3>{t('agriCounter.categories.formTitle')}</h3>
        <div className="row wrap">
          <div className="field">
            <label htmlFor="agri-category">{t('agriCounter.categories.category')}</label>
            <input
              id="agri-category"
              required
              maxLength={60}
              value={form.category}
              onChange={(e) => setForm({ ...form, category: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="agri-category-licence">{t('agriCounter.categories.licence')}</label>
            <select
              id="agri-category-licence"
              value={form.licenceKind ?? ''}
              onChange={(e) => {
                const kind = licenceKindList.find((k) => k === e.target.value) ?? null;
                setForm({ ...form, licenceKind: kind, subsidised: kind === 'fertiliser' && form.subsidised });
              }}
            >
              <option value="">{t('agriCounter.categories.noLicence')}</option>
              {licenceKindList.map((k) => (
                <option key={k} value={k}>
                  {t(`agriCounter.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.needsBatch}
            onChange={(e) => setForm({ ...form, needsBatch: e.target.checked })}
          />
          {t('agriCounter.categories.byBatch')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.subsidised}
            disabled={form.licenceKind !== 'fertiliser'}
            aria-describedby="agri-subsidised-hint"
            onChange={(e) => setForm({ ...form, subsidised: e.target.checked })}
          />
          {t('agriCounter.categories.subsidised')}
        </label>
        <p id="agri-subsidised-hint" className="hint">
          {t('agriCounter.categories.subsidisedHint')}
        </p>
        <FormFooter action={action} label={t('agriCounter.categories.save')} />
      </form>
    </section>
  );
}

const loadSettings = () => agriApi.settings();

function NearExpiryForm({ initial }: { initial: AgriSettings }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(String(initial.nearExpiryDays));
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const saved = await agriApi.saveSettings({ nearExpiryDays: Number(days) });
      setDays(String(saved.nearExpiryDays));
      return t('agriCounter.nearExpiry.saved', { count: saved.nearExpiryDays });
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-busy={action.busy}>
      <div className="field">
        <label htmlFor="near-expiry-days">{t('agriCounter.nearExpiry.days')}</label>
        <input
          id="near-expiry-days"
          type="number"
          min={1}
          max={365}
          step={1}
          required
          value={days}
          aria-describedby="near-expiry-hint"
          onChange={(e) => setDays(e.target.value)}
        />
        <p id="near-expiry-hint" className="hint">
          {t('agriCounter.nearExpiry.hint')}
        </p>
      </div>
      <FormFooter action={action} label={t('agriCounter.nearExpiry.save')} />
    </form>
  );
}

export function NearExpirySettingsSection() {
  const { t } = useTranslation();
  const { data, error } = useLoad(loadSettings);
  return (
    <section className="panel stack" aria-labelledby="near-expiry-settings-title">
      <h2 id="near-expiry-settings-title">{t('agriCounter.nearExpiry.title')}</h2>
      <ErrorMessage error={error} />
      {data !== null && <NearExpiryForm initial={data} />}
    </section>
  );
}
