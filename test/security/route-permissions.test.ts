/**
 * An attacker without the right permission cannot reach any route: the test walks every /api/v1
 * route of the real app (other modules' routes included, as they land) and, for every role,
 * calls each route whose declared permission the role lacks.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { defaultWebDir } from '../../src/http/web-app.routes.js';
import { createLogger } from '../../src/logging/logger.js';
import { builtinRoles } from '../../src/modules/auth/permissions.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type InventoriedRoute,
  type RecordedRoute,
  type SignedIn,
} from '../support/identity.js';

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, randomUUID());

/**
 * Routes outside /api/v1 serve no data of the business and carry no access declaration (the
 * guard covers /api/v1 only): each is listed here with why it is open. A new one fails the test.
 */
const openOutsideTheApi: Readonly<Record<string, string>> = {
  'GET /healthz': 'liveness probe: answers {"status":"ok"} and nothing else',
  'GET /readyz': 'readiness probe: whether the database answers',
  'GET /api/openapi.json': 'the API description (no data)',
  'GET /.well-known/security.txt': 'how to report a vulnerability (RFC 9116)',
  'GET /security.txt': 'the same, at the legacy path',
  'GET /': 'the web app shell (static files; data comes through /api/v1)',
  'GET /*': "the web app's static files and client-side routes",
};

/**
 * Writes (POST, PUT, PATCH, DELETE) guarded only by a `.read` permission: each must be a read
 * carried in a request body, listed with the reason. Anything else needs a write permission.
 */
const readsSentAsPost: Readonly<Record<string, string>> = {
  'POST /api/v1/audit/exports':
    'a filtered read of the trail returned as a file; the filter travels in the body (records only its own export entry)',
  'POST /api/v1/audit/verify':
    'checks the chain against checkpoints the caller uploads in the body (records only its own verification entry)',
  'POST /api/v1/customers/lookup': 'finds a customer by phone: the number stays out of the URL and the logs',
};

const webDir = defaultWebDir();

/** A file of the built web app (`dist/web`): served as is, open like `GET /*`. */
function isBuiltWebFile(url: string): boolean {
  const path = url.replace(/^\/+/, '');
  return path !== '' && !path.startsWith('api/') && existsSync(join(webDir, path));
}

/** Routes with no declaration: under /api/v1 always wrong; elsewhere wrong unless listed above. */
function undeclaredRoutes(routes: readonly InventoriedRoute[]): string[] {
  return (
    routes
      .filter((r) => r.access === undefined)
      // A built web app (`npm run build`, as `npm start` does) adds one route per static file.
      .filter((r) => !(r.method === 'GET' && isBuiltWebFile(r.url)))
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => key.includes(' /api/v1') || openOutsideTheApi[key] === undefined)
  );
}

/** Write routes guarded by a permission ending in `.read` that are not listed as reads. */
function writesGuardedByRead(routes: readonly InventoriedRoute[]): string[] {
  return routes
    .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
    .filter(
      (r) => r.access !== undefined && 'permission' in r.access && r.access.permission.endsWith('.read'),
    )
    .map((r) => `${r.method} ${r.url}`)
    .filter((key) => readsSentAsPost[key] === undefined);
}

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

  it('every route of the app declares its access or is listed as open outside the API', () => {
    // The inventory is every route as registered (onRoute at the root), not only declared ones.
    expect(t.allRoutes.length).toBeGreaterThan(100);
    expect(t.allRoutes.some((r) => r.url === '/api/v1/auth/login')).toBe(true);
    expect(t.allRoutes.some((r) => r.url === '/healthz')).toBe(true);
    expect(undeclaredRoutes(t.allRoutes)).toEqual([]);
    // The list holds no stale entry: each open route still exists.
    const present = new Set(t.allRoutes.map((r) => `${r.method} ${r.url}`));
    for (const key of [...Object.keys(openOutsideTheApi), ...Object.keys(readsSentAsPost)])
      expect(present.has(key), key).toBe(true);
  });

  it('the checks catch an undeclared route and a write behind a read permission', () => {
    const sneaky: InventoriedRoute[] = [
      ...t.allRoutes,
      { method: 'GET', url: '/backdoor', access: undefined },
      { method: 'POST', url: '/api/v1/healthz-admin', access: undefined },
      { method: 'DELETE', url: '/api/v1/customers/:id', access: { permission: 'customer.read' } },
    ];
    expect(undeclaredRoutes(sneaky)).toEqual(['GET /backdoor', 'POST /api/v1/healthz-admin']);
    expect(writesGuardedByRead(sneaky)).toEqual(['DELETE /api/v1/customers/:id']);
  });

  it('an API route without an access declaration stops the app from starting', async () => {
    await expect(
      buildApp({
        config: t.config,
        database: getDb(),
        logger: createLogger({ level: 'silent' }),
        apiRoutes: [
          (api) => {
            api.get('/undeclared', () => ({ ok: true }));
          },
        ],
      }),
    ).rejects.toThrow(/GET \/api\/v1\/undeclared declares no access/);
  });

  it('no route that writes is guarded by a read permission, except reads sent as POST (listed)', () => {
    expect(writesGuardedByRead(t.allRoutes)).toEqual([]);
    expect(
      t.allRoutes.find((r) => r.method === 'POST' && r.url === '/api/v1/audit/checkpoints')?.access,
    ).toEqual({ permission: 'audit.checkpoint' });
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
