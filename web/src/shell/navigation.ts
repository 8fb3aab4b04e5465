/**
 * The app's pages and who may open them. Navigation shows only what the person's permissions
 * allow, and the same table guards the routes, so a page hidden from the menu is also refused
 * when its address is typed. (The server refuses the page's API calls on its own.)
 */

export interface AppPage {
  path: string;
  /** i18n key of the page's name in the menu. */
  labelKey: string;
  /** The permission needed, or null for every signed-in person. */
  permission: string | null;
  section: 'counter' | 'back-office' | 'personal';
}

export const pages = {
  counter: { path: '/counter', labelKey: 'nav.counter', permission: 'invoice.create', section: 'counter' },
  dashboard: { path: '/dashboard', labelKey: 'nav.dashboard', permission: null, section: 'back-office' },
  users: { path: '/admin/users', labelKey: 'nav.users', permission: 'user.manage', section: 'back-office' },
  roles: { path: '/admin/roles', labelKey: 'nav.roles', permission: 'role.manage', section: 'back-office' },
  settings: {
    path: '/admin/settings',
    labelKey: 'nav.settings',
    permission: 'settings.manage',
    section: 'back-office',
  },
  keys: { path: '/admin/keys', labelKey: 'nav.keys', permission: 'keys.manage', section: 'back-office' },
  securityAudit: {
    path: '/admin/security-audit',
    labelKey: 'securityAudit.nav',
    permission: 'audit.read',
    section: 'back-office',
  },
  accessReviews: {
    path: '/admin/access-reviews',
    labelKey: 'accessReviews.nav',
    permission: 'access_review.decide',
    section: 'back-office',
  },
  account: { path: '/account', labelKey: 'nav.account', permission: null, section: 'personal' },
} as const satisfies Record<string, AppPage>;

export type PageName = keyof typeof pages;

export function mayOpen(page: AppPage, permissions: ReadonlySet<string>): boolean {
  return page.permission === null || permissions.has(page.permission);
}

/** The menu for a person with these permissions, in display order. */
export function visiblePages(permissions: ReadonlySet<string>): AppPage[] {
  return Object.values(pages).filter((page) => mayOpen(page, permissions));
}

/** Where a person lands after signing in: the counter for those who bill, else the dashboard. */
export function homePath(permissions: ReadonlySet<string>): string {
  return mayOpen(pages.counter, permissions) ? pages.counter.path : pages.dashboard.path;
}
