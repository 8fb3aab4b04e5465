/**
 * Dialogs that resolve an interruption without leaving the screen: signing in again after the
 * session ended, and confirming the password before a sensitive action (step-up).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth.api';
import { Dialog } from '../shell/dialog';
import { ErrorMessage } from '../shell/status';
import { SignInForm } from './sign-in-form';

interface Props {
  onDone: () => void | Promise<void>;
  onCancel: () => void;
}

export function SignInAgainDialog({ onDone, onCancel }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('signIn.sessionEndedTitle')}>
      <p>{t('signIn.sessionEndedBody')}</p>
      <SignInForm onDone={onDone} />
      <button type="button" className="link" onClick={onCancel}>
        {t('signIn.signOutInstead')}
      </button>
    </Dialog>
  );
}

export function StepUpDialog({ onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await authApi.reauthenticate(password);
      setPassword('');
      await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('stepUp.title')} onClose={onCancel}>
      <form onSubmit={(e) => void submit(e)} className="stack" aria-busy={busy}>
        <p>{t('stepUp.body')}</p>
        <div className="field">
          <label htmlFor="step-up-password">{t('signIn.password')}</label>
          <input
            id="step-up-password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <ErrorMessage error={error} />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t('common.confirm')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
