/**
 * Accepting an invite: the link carries the one-time token in its fragment (`#token=...`), which
 * browsers never send to a server, so it stays out of logs. The person picks their name, email
 * and password; the role comes from the invite.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthFrame } from './auth-frame';
import { Link } from 'react-router';
import { authApi } from '../api/auth.api';
import { ErrorMessage } from '../shell/status';

function tokenFromFragment(): string {
  return /(?:^#|&)token=([A-Za-z0-9_.-]+)/.exec(window.location.hash)?.[1] ?? '';
}

export function AcceptInvitePage() {
  const { t } = useTranslation();
  const [token] = useState(() => {
    const found = tokenFromFragment();
    if (found !== '') window.history.replaceState(null, '', '/accept-invite');
    return found;
  });
  const [form, setForm] = useState({ displayName: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await authApi.acceptInvite({ token, ...form });
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame>
      <h1>{t('invite.title')}</h1>
      {done ? (
        <p role="status">
          {t('invite.done')} <Link to="/sign-in">{t('signIn.title')}</Link>
        </p>
      ) : token === '' ? (
        <p role="alert">{t('invite.noToken')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="stack" aria-busy={busy}>
          <div className="field">
            <label htmlFor="invite-name">{t('invite.name')}</label>
            <input
              id="invite-name"
              autoComplete="name"
              required
              maxLength={120}
              value={form.displayName}
              onChange={set('displayName')}
            />
          </div>
          <div className="field">
            <label htmlFor="invite-email">{t('signIn.email')}</label>
            <input
              id="invite-email"
              type="email"
              autoComplete="email"
              required
              value={form.email}
              onChange={set('email')}
            />
          </div>
          <div className="field">
            <label htmlFor="invite-password">{t('invite.password')}</label>
            <input
              id="invite-password"
              type="password"
              autoComplete="new-password"
              required
              value={form.password}
              onChange={set('password')}
              aria-describedby="invite-password-hint"
            />
            <p id="invite-password-hint" className="hint">
              {t('invite.passwordHint')}
            </p>
          </div>
          <ErrorMessage error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('invite.submit')}
          </button>
        </form>
      )}
    </AuthFrame>
  );
}
