/**
 * Email and password, then the second factor when the account has one; or a passkey alone
 * (passwordless, with user verification). Used by the sign-in page and by the dialog that
 * appears when a session ends in the middle of work.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth.api';
import { signInWithPasskey } from '../api/passkeys.api';
import { ErrorMessage } from '../shell/status';
import { SecondFactorForm } from './second-factor-form';

export function SignInForm({ onDone }: { onDone: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [stage, setStage] = useState<'password' | 'second-factor'>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const attempt = async (action: () => Promise<{ secondFactorRequired: boolean }>) => {
    setBusy(true);
    setError(null);
    try {
      const issued = await action();
      setPassword('');
      if (issued.secondFactorRequired) setStage('second-factor');
      else await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (stage === 'second-factor')
    return (
      <div className="stack">
        <p>{t('signIn.secondFactorIntro')}</p>
        <SecondFactorForm onDone={onDone} />
      </div>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => authApi.login(email, password));
  };

  return (
    <form onSubmit={submit} className="stack" aria-busy={busy}>
      <div className="field">
        <label htmlFor="sign-in-email">{t('signIn.email')}</label>
        <input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="username webauthn"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="sign-in-password">{t('signIn.password')}</label>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn.submit')}
      </button>
      <button
        type="button"
        className="secondary"
        disabled={busy}
        onClick={() => void attempt(signInWithPasskey)}
      >
        {t('signIn.withPasskey')}
      </button>
    </form>
  );
}
