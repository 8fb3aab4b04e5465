/** The sign-in page; after it, the second factor (or its enrolment) and then the home page. */
import { useTranslation } from 'react-i18next';
import { AuthFrame } from './auth-frame';
import { Navigate, useNavigate } from 'react-router';
import { homePath } from '../shell/navigation';
import { Loading } from '../shell/status';
import { SignInForm } from './sign-in-form';
import { useSession } from './session';

export function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  if (session.state.status === 'loading') return <Loading />;
  if (session.state.status === 'ready') return <Navigate to={homePath(session.permissions)} replace />;
  const done = async () => {
    const next = await session.refresh();
    if (next.status === 'ready')
      void navigate(homePath(new Set(next.profile.permissions)), { replace: true });
    else if (next.status === 'second-factor') void navigate('/mfa', { replace: true });
  };
  return (
    <AuthFrame>
      <h1>{t('signIn.title')}</h1>
      {session.state.status === 'second-factor' ? (
        <Navigate to="/mfa" replace />
      ) : (
        <SignInForm onDone={done} />
      )}
    </AuthFrame>
  );
}
