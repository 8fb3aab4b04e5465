/**
 * The second step of sign-in: a code from the authenticator app, one of the recovery codes, or a
 * passkey. Each code works once (the server refuses a replay).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth.api';
import { verifyWithPasskey } from '../api/passkeys.api';
import { ErrorMessage } from '../shell/status';

export function SecondFactorForm({ onDone }: { onDone: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'code' | 'recovery'>('code');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await onDone();
    } catch (e) {
      setError(e);
      setValue('');
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() =>
      mode === 'code' ? authApi.verifyTotp(value.replace(/\s/g, '')) : authApi.verifyRecoveryCode(value),
    );
  };

  return (
    <form onSubmit={submit} className="stack" aria-busy={busy}>
      {mode === 'code' ? (
        <div className="field">
          <label htmlFor="mfa-code">{t('signIn.code')}</label>
          <input
            id="mfa-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            maxLength={7}
            required
            autoFocus
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-describedby="mfa-code-hint"
          />
          <p id="mfa-code-hint" className="hint">
            {t('signIn.codeHint')}
          </p>
        </div>
      ) : (
        <div className="field">
          <label htmlFor="mfa-recovery">{t('signIn.recoveryCode')}</label>
          <input
            id="mfa-recovery"
            name="recoveryCode"
            autoComplete="off"
            required
            autoFocus
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
      )}
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn.verify')}
      </button>
      <div className="row">
        <button
          type="button"
          className="link"
          onClick={() => {
            setMode(mode === 'code' ? 'recovery' : 'code');
            setValue('');
            setError(null);
          }}
        >
          {mode === 'code' ? t('signIn.useRecovery') : t('signIn.useCode')}
        </button>
        <button type="button" className="link" disabled={busy} onClick={() => void run(verifyWithPasskey)}>
          {t('signIn.usePasskey')}
        </button>
      </div>
    </form>
  );
}
