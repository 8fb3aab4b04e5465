/**
 * The routes. The counter is part of the first download; every other screen is a separate chunk
 * loaded when opened (and never for someone who may not open it: the guard runs first).
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AcceptInvitePage } from './auth/accept-invite.page';
import { MfaPage } from './auth/mfa.page';
import { SessionProvider } from './auth/session';
import { SignInPage } from './auth/sign-in.page';
import { CartProvider } from './counter/cart-context';
import { CounterPage } from './counter/counter.page';
import { IncidentInquiryPage } from './public/incident-inquiry.page';
import { ReportSecurityPage } from './public/report-security.page';
import { SetupPage } from './first-run/setup.page';
import { VerifyBillPage } from './public/verify-bill.page';
import { AppShell } from './shell/app-shell';
import { HomeRedirect, NotFound, RequirePage, RequireSession } from './shell/guards';
import { pages, type AppPage } from './shell/navigation';
import { Loading } from './shell/status';

const ReturnsPage = lazy(() => import('./counter/returns.page'));
const DashboardPage = lazy(() => import('./back-office/dashboard.page'));
const ItemsPage = lazy(() => import('./back-office/items.page'));
const StoresPage = lazy(() => import('./back-office/stores.page'));
const CountersPage = lazy(() => import('./offline/counters.page'));
const CustomersPage = lazy(() => import('./back-office/customers.page'));
const KhataPage = lazy(() => import('./khata/khata.page'));
const DocumentsPage = lazy(() => import('./back-office/documents.page'));
const DocumentPage = lazy(() => import('./back-office/document.page'));
const ReportsPage = lazy(() => import('./back-office/reports.page'));
const AuditPage = lazy(() => import('./back-office/audit.page'));
const AlertsPage = lazy(() => import('./back-office/alerts.page'));
const MessagesPage = lazy(() => import('./messages/messages.page'));
const UsersPage = lazy(() => import('./back-office/users.page'));
const RolesPage = lazy(() => import('./back-office/roles.page'));
const SettingsPage = lazy(() => import('./back-office/settings.page'));
const KeysPage = lazy(() => import('./back-office/keys.page'));
const BackupsPage = lazy(() => import('./back-office/backups.page'));
const AccountPage = lazy(() => import('./back-office/account.page'));
const PublicRequestPage = lazy(() =>
  import('./privacy/public-request.page').then((m) => ({ default: m.PublicRequestPage })),
);
const PrivacyRequestsPage = lazy(() => import('./back-office/privacy-requests.page'));
const CompliancePage = lazy(() => import('./back-office/compliance.page'));
const IncidentsPage = lazy(() => import('./incidents/incidents.page'));
const IncidentDetailPage = lazy(() => import('./incidents/incident-detail.page'));
const DrillsPage = lazy(() => import('./incidents/drills.page'));
const PlanPage = lazy(() => import('./incidents/plan.page'));
const SecurityReportsPage = lazy(() => import('./incidents/reports.page'));
const SecurityAuditPage = lazy(() => import('./back-office/security-audit.page'));
const AccessReviewsPage = lazy(() => import('./back-office/access-reviews.page'));
const SalonPage = lazy(() => import('./salon/salon.page'));
const OffersPage = lazy(() => import('./offers/offers.page'));
const ExpiredStockPage = lazy(() => import('./agri/expired-stock.page'));
const BatchesPage = lazy(() => import('./agri/batches.page'));
const RecallPage = lazy(() => import('./agri/recall.page'));

const rel = (path: string) => path.slice(1);

/** Each route with its screen; the guard uses the page's permission (details share their list's). */
const routed: ReadonlyArray<readonly [AppPage, ComponentType, string?]> = [
  [pages.counter, CounterPage],
  [pages.returns, ReturnsPage],
  [pages.salon, SalonPage],
  [pages.dashboard, DashboardPage],
  [pages.items, ItemsPage],
  [pages.items, ExpiredStockPage, '/items/expired-stock'],
  [pages.items, BatchesPage, '/items/batches'],
  [pages.items, RecallPage, '/items/batches/:batchId/recall'],
  [pages.stores, StoresPage],
  [pages.counters, CountersPage],
  [pages.customers, CustomersPage],
  [pages.customers, KhataPage, '/customers/:customerId/khata'],
  [pages.documents, DocumentsPage],
  [pages.documents, DocumentPage, '/documents/:type/:id'],
  [pages.reports, ReportsPage],
  [pages.offers, OffersPage],
  [pages.audit, AuditPage],
  [pages.alerts, AlertsPage],
  [pages.alerts, MessagesPage, '/alerts/messages'],
  [pages.users, UsersPage],
  [pages.roles, RolesPage],
  [pages.settings, SettingsPage],
  [pages.keys, KeysPage],
  [pages.backups, BackupsPage],
  [pages.incidents, IncidentsPage],
  [pages.securityAudit, SecurityAuditPage],
  [pages.accessReviews, AccessReviewsPage],
  [pages.account, AccountPage],
  [pages.privacy, PrivacyRequestsPage],
  [pages.compliance, CompliancePage],
  [pages.incidents, DrillsPage, '/incidents/drills'],
  [pages.incidents, PlanPage, '/incidents/plan'],
  [pages.incidents, SecurityReportsPage, '/incidents/reports'],
  [pages.incidents, IncidentDetailPage, '/incidents/:incidentId'],
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
            <Route path="/report-security" element={<ReportSecurityPage />} />
            <Route path="/setup" element={<SetupPage />} />
            <Route path="/incident-inquiry" element={<IncidentInquiryPage />} />
            <Route path="/verify" element={<VerifyBillPage />} />
            <Route
              path="/privacy-request/:tenantId"
              element={
                <Suspense fallback={<Loading />}>
                  <PublicRequestPage />
                </Suspense>
              }
            />
            <Route
              element={
                <RequireSession>
                  <AppShell />
                </RequireSession>
              }
            >
              <Route index element={<HomeRedirect />} />
              {routed.map(([page, Page, path = page.path]) => (
                <Route
                  key={path}
                  path={rel(path)}
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
