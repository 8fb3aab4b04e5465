/**
 * The person's own account: second factors (authenticator app, passkeys), password change, and
 * the sessions signed in as them, each of which they can end. Changes to factors and the
 * password ask for the password again (step-up).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth.api';
import { registerPasskey } from '../api/passkeys.api';
import { RecoveryCodes } from '../auth/recovery-codes';
import { useSession } from '../auth/session';
import { TotpEnrolment } from '../auth/totp-enrolment';
import { formatDateTime } from '../format/dates';
import { FormFooter } from '../shell/form-footer';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

function SecondFactors() {
  const { t } = useTranslation();
  const session = useSession();
  const action = useAction();
  const [enrolling, setEnrolling] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const factors = session.profile?.factors;
  if (factors === undefined) return null;
  if (codes !== null)
    return (
      <RecoveryCodes
        codes={codes}
        onContinue={() => {
          setCodes(null);
          void session.refresh();
        }}
      />
    );
  return (
    <section className="panel stack" aria-labelledby="factors-title">
      <h2 id="factors-title">{t('account.factors')}</h2>
      <p>
        {t('account.app')}: <strong>{factors.totp ? t('account.on') : t('account.off')}</strong>
        {' · '}
        {t('account.passkeys')}: <strong data-testid="passkey-count">{factors.passkeys}</strong>
      </p>
      {enrolling && !factors.totp ? (
        <TotpEnrolment
          onEnrolled={(recovery) => {
            setEnrolling(false);
            setCodes(recovery);
          }}
        />
      ) : (
        <div className="row wrap">
          {!factors.totp && (
            <button type="button" className="primary" onClick={() => setEnrolling(true)}>
              {t('account.addApp')}
            </button>
          )}
          {factors.totp && (
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() =>
                void action.run(async () => {
                  await authApi.removeTotp();
                  await session.refresh();
                  return t('account.appRemoved');
                })
              }
            >
              {t('account.removeApp')}
            </button>
          )}
          <button
            type="button"
            className="secondary"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                await registerPasskey();
                await session.refresh();
                return t('account.passkeyAdded');
              })
            }
          >
            {t('mfa.addPasskey')}
          </button>
        </div>
      )}
      <ErrorMessage error={action.error} />
      <Notice>{action.notice}</Notice>
    </section>
  );
}

function PasswordChange() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await authApi.changePassword(current, next);
      setCurrent('');
      setNext('');
      return t('account.passwordChanged');
    });
  };
  return (
    <section className="panel stack" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.password')}</h2>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <div className="field">
          <label htmlFor="current-password">{t('account.currentPassword')}</label>
          <input
            id="current-password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-password">{t('account.newPassword')}</label>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.target.value)}
            aria-describedby="new-password-hint"
          />
          <p id="new-password-hint" className="hint">
            {t('invite.passwordHint')}
          </p>
        </div>
        <FormFooter action={action} label={t('account.changePassword')} />
      </form>
    </section>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(authApi.sessions);
  const action = useAction();
  return (
    <section className="panel stack" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('account.sessions')}</h2>
      <ErrorMessage error={error ?? action.error} />
      <table data-testid="sessions-table">
        <thead>
          <tr>
            <th scope="col">{t('account.started')}</th>
            <th scope="col">{t('account.lastSeen')}</th>
            <th scope="col">{t('account.expires')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.sessions.map((s) => (
            <tr key={s.id}>
              <td>{formatDateTime(s.createdAt)}</td>
              <td>{formatDateTime(s.lastSeenAt)}</td>
              <td>{formatDateTime(s.expiresAt)}</td>
              <td>
                {s.current ? (
                  <span className="badge good">{t('account.thisSession')}</span>
                ) : (
                  <button
                    type="button"
                    className="secondary small"
                    disabled={action.busy}
                    onClick={() => void action.run(() => authApi.revokeSession(s.id)).then(reload)}
                  >
                    {t('account.endSession')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default function AccountPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <div className="stack">
      <h1>{t('account.title')}</h1>
      <p>
        {session.profile?.displayName} · {session.profile?.emailMasked}
      </p>
      <SecondFactors />
      <PasswordChange />
      <Sessions />
    </div>
  );
}
