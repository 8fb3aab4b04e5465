import { describe, expect, it } from 'vitest';
import { homePath, mayOpen, pages, visiblePages } from './navigation';

// The built-in roles' permissions as the server defines them (src/modules/auth/permissions.ts).
import { builtinRoles } from '../../../src/modules/auth/permissions';

const of = (role: string) => new Set(builtinRoles[role] ?? []);
const menu = (role: string) => visiblePages(of(role)).map((p) => p.path);

describe('navigation by role', () => {
  it('shows a cashier the counter, returns and the shop pages they work with, no administration', () => {
    expect(menu('cashier')).toEqual([
      '/counter',
      '/counter/returns',
      '/salon',
      '/dashboard',
      '/items',
      '/customers',
      '/documents',
      '/account',
    ]);
    expect(homePath(of('cashier'))).toBe('/counter');
  });

  it('shows an owner every page, including keys, audit and alerts', () => {
    expect(menu('owner')).toEqual(Object.values(pages).map((p) => p.path));
  });

  it('keeps keys from an admin and sends an auditor and an accountant to the dashboard', () => {
    expect(menu('admin')).not.toContain('/admin/keys');
    expect(menu('admin')).toContain('/incidents');
    expect(menu('manager')).not.toContain('/incidents');
    expect(homePath(of('auditor'))).toBe('/dashboard');
    expect(menu('auditor')).toEqual([
      '/dashboard',
      '/documents',
      '/reports',
      '/audit',
      '/alerts',
      '/admin/security-audit',
      '/account',
    ]);
    expect(menu('accountant')).toEqual([
      '/salon',
      '/dashboard',
      '/customers',
      '/documents',
      '/reports',
      '/account',
    ]);
  });

  it('opens a page needing any one of several permissions with either', () => {
    expect(mayOpen(pages.reports, new Set(['report.sales']))).toBe(true);
    expect(mayOpen(pages.reports, new Set(['report.gst']))).toBe(true);
    expect(mayOpen(pages.reports, new Set(['invoice.read']))).toBe(false);
  });
});
