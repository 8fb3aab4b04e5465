/**
 * Route guards: a signed-in session for the app, a passed second factor, and the page's
 * permission. A refused page says so (the server refuses its API calls independently).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../auth/session';
import { homePath, mayOpen, type AppPage } from './navigation';
import { Loading } from './status';

export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const { status } = session.state;
  if (status === 'loading') return <Loading />;
  if (status === 'signed-out') return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  if (status === 'second-factor') return <Navigate to="/mfa" replace />;
  return children;
}

export function RequirePage({ page, children }: { page: AppPage; children: ReactNode }) {
  const session = useSession();
  if (!mayOpen(page, session.permissions)) return <NotAllowed />;
  return children;
}

export function NotAllowed() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <section className="stack" aria-labelledby="not-allowed-title">
      <h1 id="not-allowed-title">{t('common.notAllowed')}</h1>
      <p>{t('common.notAllowedBody')}</p>
      <p>
        <Link to={homePath(session.permissions)}>{t('common.backHome')}</Link>
      </p>
    </section>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('common.notFound')}</h1>
      <p>
        <Link to="/">{t('common.backHome')}</Link>
      </p>
    </section>
  );
}

export function HomeRedirect() {
  const session = useSession();
  return <Navigate to={homePath(session.permissions)} replace />;
}
