/**
 * An installation set up before the first run asked for the shop's address (or by `tijori init`
 * without it) prints bills without one. When someone who manages the settings signs in, this asks
 * for what is missing, store by store, above the page they opened, until it is given.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../api/admin.api';
import { billingApi, type StoreProfile } from '../api/billing.api';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';
import { FieldError, messageFor, namesAField } from './field-error';

interface Missing {
  storeName: string;
  profile: StoreProfile;
}

function lacksAddress(p: StoreProfile): boolean {
  return p.addressLine1.trim() === '' || p.city.trim() === '' || p.pincode.trim() === '';
}

async function findMissing(): Promise<Missing[]> {
  const { stores } = await adminApi.stores();
  const profiles = await Promise.all(stores.map((s) => billingApi.storeProfile(s.id)));
  return profiles
    .map((profile, i) => ({ storeName: stores[i]?.name ?? '', profile }))
    .filter((m) => lacksAddress(m.profile));
}

const fields = ['addressLine1', 'city', 'pincode', 'phone', 'email'] as const;
type DetailField = (typeof fields)[number];

function DetailsForm({ missing, onSaved }: { missing: Missing; onSaved: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const p = missing.profile;
  const [form, setForm] = useState<Record<DetailField, string>>({
    addressLine1: p.addressLine1,
    city: p.city,
    pincode: p.pincode,
    phone: p.phone ?? '',
    email: p.email ?? '',
  });
  const labels: Record<DetailField, string> = {
    addressLine1: t('firstRun.fields.addressLine'),
    city: t('firstRun.fields.city'),
    pincode: t('firstRun.fields.pin'),
    phone: t('firstRun.fields.phone'),
    email: t('firstRun.fields.email'),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await billingApi.saveStoreProfile(p.storeId, {
        addressLine1: form.addressLine1,
        city: form.city,
        pincode: form.pincode.trim(),
        phone: form.phone.trim() === '' ? null : form.phone.trim(),
        email: form.email.trim() === '' ? null : form.email.trim(),
      });
      onSaved();
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-busy={action.busy}>
      <p>{t('firstRun.missingFor', { store: missing.storeName })}</p>
      <div className="row wrap">
        {fields.map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`missing-${f}`}>{labels[f]}</label>
            <input
              id={`missing-${f}`}
              required={f === 'addressLine1' || f === 'city' || f === 'pincode'}
              maxLength={f === 'pincode' ? 6 : 100}
              value={form[f]}
              aria-invalid={messageFor(action.error, f) !== null}
              onChange={(e) => setForm({ ...form, [f]: e.target.value })}
            />
            <FieldError id={`missing-${f}-error`} label={labels[f]} message={messageFor(action.error, f)} />
          </div>
        ))}
      </div>
      {namesAField(action.error, fields) ? null : <ErrorMessage error={action.error} />}
      <button type="submit" className="primary" disabled={action.busy}>
        {t('common.save')}
      </button>
    </form>
  );
}

export function MissingDetailsPrompt() {
  const { t } = useTranslation();
  const session = useSession();
  const manages = session.permissions.has('settings.manage');
  const [missing, setMissing] = useState<Missing[]>([]);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!manages) return;
    let live = true;
    findMissing().then(
      (found) => live && setMissing(found),
      () => live && setMissing([]),
    );
    return () => {
      live = false;
    };
  }, [manages, round]);
  const first = missing[0];
  if (!manages || first === undefined) return null;
  return (
    <section className="card stack missing-details" aria-labelledby="missing-details-title">
      <h2 id="missing-details-title">{t('firstRun.missingTitle')}</h2>
      <DetailsForm key={first.profile.storeId} missing={first} onSaved={() => setRound(round + 1)} />
    </section>
  );
}
