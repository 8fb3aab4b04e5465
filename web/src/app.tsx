/**
 * The routes. The counter is part of the first download; back-office pages are separate chunks
 * loaded when opened (and never for someone who may not open them: the guard runs first).
 */
import { lazy, type ComponentType } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AcceptInvitePage } from './auth/accept-invite.page';
import { MfaPage } from './auth/mfa.page';
import { SessionProvider } from './auth/session';
import { SignInPage } from './auth/sign-in.page';
import { CartProvider } from './counter/cart-context';
import { CounterPage } from './counter/counter.page';
import { AppShell } from './shell/app-shell';
import { HomeRedirect, NotFound, RequirePage, RequireSession } from './shell/guards';
import { pages, type AppPage } from './shell/navigation';

const DashboardPage = lazy(() => import('./back-office/dashboard.page'));
const UsersPage = lazy(() => import('./back-office/users.page'));
const RolesPage = lazy(() => import('./back-office/roles.page'));
const SettingsPage = lazy(() => import('./back-office/settings.page'));
const KeysPage = lazy(() => import('./back-office/keys.page'));
const AccountPage = lazy(() => import('./back-office/account.page'));
const SecurityAuditPage = lazy(() => import('./back-office/security-audit.page'));
const AccessReviewsPage = lazy(() => import('./back-office/access-reviews.page'));

const rel = (path: string) => path.slice(1);

/** Each page of the table with its screen; the guard uses the page's permission. */
const routed: ReadonlyArray<readonly [AppPage, ComponentType]> = [
  [pages.counter, CounterPage],
  [pages.dashboard, DashboardPage],
  [pages.users, UsersPage],
  [pages.roles, RolesPage],
  [pages.settings, SettingsPage],
  [pages.keys, KeysPage],
  [pages.securityAudit, SecurityAuditPage],
  [pages.accessReviews, AccessReviewsPage],
  [pages.account, AccountPage],
];

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <CartProvider>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/mfa" element={<MfaPage />} />
            <Route path="/accept-invite" element={<AcceptInvitePage />} />
            <Route
              element={
                <RequireSession>
                  <AppShell />
                </RequireSession>
              }
            >
              <Route index element={<HomeRedirect />} />
              {routed.map(([page, Page]) => (
                <Route
                  key={page.path}
                  path={rel(page.path)}
                  element={
                    <RequirePage page={page}>
                      <Page />
                    </RequirePage>
                  }
                />
              ))}
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </CartProvider>
      </SessionProvider>
    </BrowserRouter>
  );
}
