/**
 * Monitoring helpers for tests: sign-ins from a given address and device through the real routes
 * (with TOTP for enrolled accounts), and reveals of personal data through the real reveal gate.
 */
import type { AccessContext } from '../../src/kernel/access-context.js';
import { builtinRoles } from '../../src/modules/auth/permissions.js';
import { DEVICE_COOKIE } from '../../src/modules/auth/login-attempts.js';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { sessionFrom, type IdentityTestApp, type SignedIn, type TestAccount } from './identity.js';

export interface Attempt {
  status: number;
  session?: SignedIn;
  /** The device id the server gave this browser (or the one it sent). */
  device: string | undefined;
}

/** A password sign-in from `ip` with `device` (a cookie), passing TOTP when a secret is given. */
export async function loginFrom(
  t: IdentityTestApp,
  account: TestAccount,
  options: { ip: string; device?: string; password?: string; totpSecret?: string },
): Promise<Attempt> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: options.ip,
    headers: options.device === undefined ? {} : { cookie: `${DEVICE_COOKIE}=${options.device}` },
    payload: { email: account.email, password: options.password ?? account.password },
  });
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const device =
    cookies
      .find((c) => c.startsWith(`${DEVICE_COOKIE}=`))
      ?.split(';')[0]
      ?.split('=')[1] ?? options.device;
  if (res.statusCode !== 200) return { status: res.statusCode, device };
  const body = res.json<{ csrfToken: string; secondFactorRequired: boolean }>();
  let session = sessionFrom(cookies[0], body.csrfToken);
  if (body.secondFactorRequired && options.totpSecret !== undefined) {
    const verify = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/verify',
      remoteAddress: options.ip,
      headers: session.headers,
      payload: { code: totpCodeAt(options.totpSecret, t.clock.now()) },
    });
    if (verify.statusCode !== 200) throw new Error(`mfa verify failed: ${verify.statusCode} ${verify.body}`);
    session = sessionFrom(verify.headers['set-cookie'], verify.json<{ csrfToken: string }>().csrfToken);
  }
  return { status: 200, session, device };
}

/** What a route would hand a service for this user: their role's permissions, just stepped up. */
function staffAuth(t: IdentityTestApp, tenantId: string, userId: string, role: string): AccessContext {
  return {
    tenantId,
    userId,
    actor: { type: 'user', id: userId },
    roles: [role],
    permissions: new Set(builtinRoles[role]),
    storeIds: 'all',
    mfaSatisfied: true,
    reauthenticatedAt: t.clock.now(),
  };
}

/** `count` reveals of a customer's phone by a user of `role`, each recorded through the real gate. */
export async function revealPhones(
  t: IdentityTestApp,
  tenantId: string,
  userId: string,
  role: string,
  count: number,
): Promise<void> {
  const auth = staffAuth(t, tenantId, userId, role);
  const db = t.services.identity.deps.db;
  const ctx = { tenantId, actor: auth.actor, source: 'http 10.1.1.20' };
  for (let i = 0; i < count; i += 1)
    await db.transaction().execute((trx) =>
      t.services.identity.reveal.authorize(trx, auth, ctx, {
        objectType: 'customer',
        objectId: `cust-${i}`,
        field: 'phone',
        reason: { category: 'delivery', text: '' },
      }),
    );
}

/** An export of `count` customers' personal data through the real gate. */
export async function exportCustomers(
  t: IdentityTestApp,
  tenantId: string,
  userId: string,
  role: string,
  count: number,
): Promise<void> {
  const auth = staffAuth(t, tenantId, userId, role);
  await t.services.identity.deps.db.transaction().execute((trx) =>
    t.services.identity.reveal.authorizeExport(
      trx,
      auth,
      { tenantId, actor: auth.actor },
      {
        objectType: 'customer',
        subjectIds: Array.from({ length: count }, (_, i) => `cust-export-${i}`),
        fields: ['name', 'phone'],
        format: 'csv',
        reason: { category: 'other', text: 'festival season mailing list' },
      },
    ),
  );
}
