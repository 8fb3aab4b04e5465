/**
 * The routes. The counter is part of the first download; back-office pages are separate chunks
 * loaded when opened (and never for someone who may not open them: the guard runs first).
 */
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AcceptInvitePage } from './auth/accept-invite.page';
import { MfaPage } from './auth/mfa.page';
import { SessionProvider } from './auth/session';
import { SignInPage } from './auth/sign-in.page';
import { CartProvider } from './counter/cart-context';
import { CounterPage } from './counter/counter.page';
import { AppShell } from './shell/app-shell';
import { HomeRedirect, NotFound, RequirePage, RequireSession } from './shell/guards';
import { pages } from './shell/navigation';

const DashboardPage = lazy(() => import('./back-office/dashboard.page'));
const UsersPage = lazy(() => import('./back-office/users.page'));
const RolesPage = lazy(() => import('./back-office/roles.page'));
const SettingsPage = lazy(() => import('./back-office/settings.page'));
const KeysPage = lazy(() => import('./back-office/keys.page'));
const AccountPage = lazy(() => import('./back-office/account.page'));

const rel = (path: string) => path.slice(1);

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
              <Route
                path={rel(pages.counter.path)}
                element={
                  <RequirePage page={pages.counter}>
                    <CounterPage />
                  </RequirePage>
                }
              />
              <Route path={rel(pages.dashboard.path)} element={<DashboardPage />} />
              <Route
                path={rel(pages.users.path)}
                element={
                  <RequirePage page={pages.users}>
                    <UsersPage />
                  </RequirePage>
                }
              />
              <Route
                path={rel(pages.roles.path)}
                element={
                  <RequirePage page={pages.roles}>
                    <RolesPage />
                  </RequirePage>
                }
              />
              <Route
                path={rel(pages.settings.path)}
                element={
                  <RequirePage page={pages.settings}>
                    <SettingsPage />
                  </RequirePage>
                }
              />
              <Route
                path={rel(pages.keys.path)}
                element={
                  <RequirePage page={pages.keys}>
                    <KeysPage />
                  </RequirePage>
                }
              />
              <Route path={rel(pages.account.path)} element={<AccountPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </CartProvider>
      </SessionProvider>
    </BrowserRouter>
  );
}
