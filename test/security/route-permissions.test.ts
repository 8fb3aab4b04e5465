/**
 * An attacker without the right permission cannot reach any route: the test walks every /api/v1
 * route of the real app (other modules' routes included, as they land) and, for every role,
 * calls each route whose declared permission the role lacks.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { builtinRoles } from '../../src/modules/auth/permissions.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type RecordedRoute,
  type SignedIn,
} from '../support/identity.js';

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, randomUUID());

describeEachEngine('route permissions', (getDb) => {
  let t: IdentityTestApp;
  const sessions = new Map<string, SignedIn>();

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    const tenant = await createTenant(getDb().db);
    await seedRoles(getDb().db, tenant.tenantId);
    for (const role of Object.keys(builtinRoles)) {
      const account = await createAccount(t.services, tenant.tenantId, { role });
      sessions.set(role, await signIn(t, account, role));
    }
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('every API route declares its access, and the list includes the identity routes', () => {
    expect(t.routes.length).toBeGreaterThan(10);
    expect(t.routes.some((r) => r.url === '/api/v1/auth/login')).toBe(true);
    for (const r of t.routes) expect(r.access).toBeDefined();
  });

  it('refuses every non-public route to an anonymous caller with 401', async () => {
    for (const route of t.routes.filter((r) => !('public' in r.access))) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        payload: {},
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('refuses every route whose permission a role lacks with 403, for every role', async () => {
    let checked = 0;
    for (const [role, perms] of Object.entries(builtinRoles)) {
      const session = sessions.get(role);
      if (session === undefined) throw new Error(role);
      const denied = t.routes.filter(
        (r: RecordedRoute) =>
          'permission' in r.access && !(perms as readonly string[]).includes(r.access.permission),
      );
      for (const route of denied) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          headers: session.headers,
          payload: {},
        });
        expect(res.statusCode, `${role}: ${route.method} ${route.url}`).toBe(403);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a session that has not enrolled MFA (owner) can reach only enrolment routes', async () => {
    const tenant = await createTenant(getDb().db);
    await seedRoles(getDb().db, tenant.tenantId);
    const owner = await createAccount(t.services, tenant.tenantId, { role: 'owner' });
    const pending = await signIn(t, owner);
    for (const route of t.routes.filter(
      (r) => !('public' in r.access) && r.access.allowDuringMfaEnrollment !== true,
    )) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        headers: pending.headers,
        payload: {},
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('mfa_required');
    }
  });
});
