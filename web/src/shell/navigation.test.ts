import { describe, expect, it } from 'vitest';
import { homePath, visiblePages } from './navigation';

// The built-in roles' permissions as the server defines them (src/modules/auth/permissions.ts).
import { builtinRoles } from '../../../src/modules/auth/permissions';

const of = (role: string) => new Set(builtinRoles[role] ?? []);

describe('navigation by role', () => {
  it('shows a cashier the counter and personal pages, no administration', () => {
    const paths = visiblePages(of('cashier')).map((p) => p.path);
    expect(paths).toEqual(['/counter', '/dashboard', '/account']);
    expect(homePath(of('cashier'))).toBe('/counter');
  });

  it('shows an owner every page, including keys', () => {
    const paths = visiblePages(of('owner')).map((p) => p.path);
    expect(paths).toEqual([
      '/counter',
      '/dashboard',
      '/admin/users',
      '/admin/roles',
      '/admin/settings',
      '/admin/keys',
      '/admin/security-audit',
      '/admin/access-reviews',
      '/account',
    ]);
  });

  it('keeps keys from an admin and sends an auditor to the dashboard', () => {
    expect(visiblePages(of('admin')).map((p) => p.path)).not.toContain('/admin/keys');
    expect(homePath(of('auditor'))).toBe('/dashboard');
    expect(visiblePages(of('auditor')).map((p) => p.path)).toEqual([
      '/dashboard',
      '/admin/security-audit',
      '/account',
    ]);
  });
});
