/**
 * The frame of every signed-in screen: a skip link, the header (shop, person, language,
 * sign-out), the menu of the pages this person may open, and the page itself. On a narrow
 * screen (a tablet held upright) the menu sits above the page instead of beside it.
 */
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useSession } from '../auth/session';
import { MissingDetailsPrompt } from '../first-run/missing-details';
import { LanguageSwitch } from './language-switch';
import { visiblePages } from './navigation';
import { Loading } from './status';

export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const profile = session.profile;
  const menu = visiblePages(session.permissions);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <p className="brand">{t('common.appName')}</p>
        <p className="shop">{profile?.tenantName}</p>
        <div className="topbar-end">
          <span className="who" data-testid="who">
            {profile?.displayName}
          </span>
          <LanguageSwitch />
          <button type="button" className="secondary" onClick={() => void session.signOut()}>
            {t('common.signOut')}
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('nav.main')}>
        <ul>
          {menu.map((page) => (
            <li key={page.path}>
              {/* A page with pages under it (the counter's returns) is current only at its own path. */}
              <NavLink to={page.path} end={menu.some((p) => p.path.startsWith(`${page.path}/`))}>
                {t(page.labelKey)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <MissingDetailsPrompt />
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
