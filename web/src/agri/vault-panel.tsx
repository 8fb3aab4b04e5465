/**
 * The Aadhaar vault on the farmer's khata page, for shops that must keep an Aadhaar number (the
 * owner turns the vault on in settings). Shown only as XXXX-XXXX-1234; saving sends the number to
 * the vault and forgets it; revealing needs the permission, a reason and a recent password, and
 * the number stays on screen only until "Hide".
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { vaultApi } from '../api/agri-vault.api';
import { useSession } from '../auth/session';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';
import type { Reason } from './farmer-records.api';
import { ReasonFields } from './reason-fields';

function RevealForm({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<Reason>({ category: 'legal', text: '' });
  const [number, setNumber] = useState<string | null>(null);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setNumber((await vaultApi.reveal(customerId, { ...reason, text: reason.text.trim() })).number);
    });
  };
  if (number !== null)
    return (
      <div className="row wrap">
        <p data-testid="aadhaar-revealed">{number}</p>
        <button type="button" className="secondary" onClick={() => setNumber(null)}>
          {t('agriShop.vault.hide')}
        </button>
      </div>
    );
  return (
    <form className="row wrap" onSubmit={submit} aria-busy={action.busy}>
      <ReasonFields idPrefix="aadhaar" value={reason} onChange={setReason} />
      <button type="submit" className="secondary" disabled={action.busy}>
        {t('agriShop.vault.reveal')}
      </button>
      <ErrorMessage error={action.error} />
    </form>
  );
}

export function AadhaarVaultPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [version, setVersion] = useState(0);
  const view = useFetch(`${customerId}:${String(version)}`, () => vaultApi.view(customerId));
  const [number, setNumber] = useState('');
  const action = useAction();
  const v = view.data;
  if (v === null || !v.vaultEnabled) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await vaultApi.save(customerId, number);
      setNumber('');
      setVersion((n) => n + 1);
      return t('agriShop.vault.saved');
    });
  };
  return (
    <section className="card stack" aria-labelledby="aadhaar-vault-title" data-testid="aadhaar-vault">
      <h2 id="aadhaar-vault-title">{t('agriShop.vault.title')}</h2>
      <p className="hint">{t('agriShop.vault.intro')}</p>
      <p data-testid="aadhaar-masked">{v.masked ?? t('agriShop.vault.none')}</p>
      {session.permissions.has('customer.write') && (
        <form className="row wrap" onSubmit={submit} aria-busy={action.busy}>
          <div className="field">
            <label htmlFor="aadhaar-number">{t('agriShop.vault.number')}</label>
            <input
              id="aadhaar-number"
              inputMode="numeric"
              autoComplete="off"
              maxLength={14}
              required
              value={number}
              onChange={(e) => setNumber(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={action.busy}>
            {t('agriShop.vault.save')}
          </button>
          <ErrorMessage error={action.error} fields={{ number: t('agriShop.vault.number') }} />
          <Notice>{action.notice}</Notice>
        </form>
      )}
      {v.masked !== null && session.permissions.has('aadhaar.reveal') && (
        <RevealForm customerId={customerId} />
      )}
    </section>
  );
}
