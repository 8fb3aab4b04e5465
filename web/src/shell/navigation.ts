/**
 * The app's pages and who may open them. Navigation shows only what the person's permissions
 * allow, and the same table guards the routes, so a page hidden from the menu is also refused
 * when its address is typed. (The server refuses the page's API calls on its own.) A capability
 * that adds pages adds rows here, its screens in app.tsx and its strings in i18n/areas/.
 */

export interface AppPage {
  path: string;
  /** i18n key of the page's name in the menu. */
  labelKey: string;
  /** The permission needed (any one of a list), or null for every signed-in person. */
  permission: string | readonly string[] | null;
  section: 'counter' | 'back-office' | 'security' | 'admin' | 'personal';
}

export const pages = {
  counter: { path: '/counter', labelKey: 'nav.counter', permission: 'invoice.create', section: 'counter' },
  returns: {
    path: '/counter/returns',
    labelKey: 'nav.returns',
    permission: 'credit_note.create',
    section: 'counter',
  },
  salon: {
    path: '/salon',
    labelKey: 'salon.nav',
    permission: ['appointment.manage', 'commission.own', 'commission.read'],
    section: 'counter',
  },
  dashboard: { path: '/dashboard', labelKey: 'nav.dashboard', permission: null, section: 'back-office' },
  items: { path: '/items', labelKey: 'nav.items', permission: 'catalog.read', section: 'back-office' },
  stores: { path: '/stores', labelKey: 'stores.nav', permission: 'catalog.manage', section: 'back-office' },
  customers: {
    path: '/customers',
    labelKey: 'nav.customers',
    permission: 'customer.read',
    section: 'back-office',
  },
  documents: {
    path: '/documents',
    labelKey: 'nav.documents',
    permission: 'invoice.read',
    section: 'back-office',
  },
  reports: {
    path: '/reports',
    labelKey: 'nav.reports',
    permission: ['report.gst', 'report.sales'],
    section: 'back-office',
  },
  offers: { path: '/offers', labelKey: 'offers.nav', permission: 'catalog.manage', section: 'back-office' },
  counters: {
    path: '/counters',
    labelKey: 'counters.nav',
    permission: 'invoice.void',
    section: 'back-office',
  },
  audit: { path: '/audit', labelKey: 'nav.audit', permission: 'audit.read', section: 'security' },
  alerts: { path: '/alerts', labelKey: 'nav.alerts', permission: 'monitoring.read', section: 'security' },
  privacy: {
    path: '/admin/privacy',
    labelKey: 'nav.privacy',
    permission: 'privacy.manage',
    section: 'security',
  },
  compliance: {
    path: '/admin/compliance',
    labelKey: 'nav.compliance',
    permission: 'privacy.manage',
    section: 'security',
  },
  incidents: {
    path: '/incidents',
    labelKey: 'nav.incidents',
    permission: 'incident.manage',
    section: 'security',
  },
  securityAudit: {
    path: '/admin/security-audit',
    labelKey: 'securityAudit.nav',
    permission: 'audit.read',
    section: 'security',
  },
  accessReviews: {
    path: '/admin/access-reviews',
    labelKey: 'accessReviews.nav',
    permission: 'access_review.decide',
    section: 'security',
  },
  users: { path: '/admin/users', labelKey: 'nav.users', permission: 'user.manage', section: 'admin' },
  roles: { path: '/admin/roles', labelKey: 'nav.roles', permission: 'role.manage', section: 'admin' },
  settings: {
    path: '/admin/settings',
    labelKey: 'nav.settings',
    permission: 'settings.manage',
    section: 'admin',
  },
  keys: { path: '/admin/keys', labelKey: 'nav.keys', permission: 'keys.manage', section: 'admin' },
  backups: { path: '/admin/backups', labelKey: 'backups.nav', permission: 'keys.manage', section: 'admin' },
  account: { path: '/account', labelKey: 'nav.account', permission: null, section: 'personal' },
} as const satisfies Record<string, AppPage>;

export type PageName = keyof typeof pages;

export function mayOpen(page: AppPage, permissions: ReadonlySet<string>): boolean {
  if (page.permission === null) return true;
  const needed: readonly string[] = typeof page.permission === 'string' ? [page.permission] : page.permission;
  return needed.some((p) => permissions.has(p));
}

/** The menu for a person with these permissions, in display order. */
export function visiblePages(permissions: ReadonlySet<string>): AppPage[] {
  return Object.values(pages).filter((page) => mayOpen(page, permissions));
}

/** Where a person lands after signing in: the counter for those who bill, else the dashboard. */
export function homePath(permissions: ReadonlySet<string>): string {
  return mayOpen(pages.counter, permissions) ? pages.counter.path : pages.dashboard.path;
}
