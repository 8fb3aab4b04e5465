/**
 * Two-step verification after the password: verify with an enrolled factor, or (for owners,
 * admins and managers, who must have one) enrol an authenticator app or a passkey first.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthFrame } from './auth-frame';
import { Navigate, useNavigate } from 'react-router';
import { registerPasskey } from '../api/passkeys.api';
import { homePath } from '../shell/navigation';
import { ErrorMessage, Loading } from '../shell/status';
import { RecoveryCodes } from './recovery-codes';
import { SecondFactorForm } from './second-factor-form';
import { useSession } from './session';
import { TotpEnrolment } from './totp-enrolment';

export function MfaPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const state = session.state;

  const finish = async () => {
    const next = await session.refresh();
    if (next.status === 'ready')
      void navigate(homePath(new Set(next.profile.permissions)), { replace: true });
  };

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signed-out') return <Navigate to="/sign-in" replace />;
  if (state.status === 'ready' && codes === null)
    return <Navigate to={homePath(session.permissions)} replace />;
  const enrolled = state.profile.factors.totp || state.profile.factors.passkeys > 0;

  return (
    <AuthFrame wide>
      {codes !== null ? (
        <RecoveryCodes codes={codes} onContinue={() => void finish()} />
      ) : enrolled ? (
        <>
          <h1>{t('mfa.verifyTitle')}</h1>
          <SecondFactorForm onDone={finish} />
        </>
      ) : (
        <>
          <h1>{t('mfa.enrolTitle')}</h1>
          <p>{t('mfa.enrolIntro')}</p>
          <TotpEnrolment onEnrolled={setCodes} />
          <h2>{t('mfa.orPasskey')}</h2>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setError(null);
              registerPasskey().then(finish, setError);
            }}
          >
            {t('mfa.addPasskey')}
          </button>
          <ErrorMessage error={error} />
        </>
      )}
      <button type="button" className="link" onClick={() => void session.signOut()}>
        {t('common.signOut')}
      </button>
    </AuthFrame>
  );
}
