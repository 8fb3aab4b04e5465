/**
 * The access guard: authenticates a request by its session cookie or `Authorization: Bearer`
 * API token, sets `request.auth`, holds an MFA-pending session to the enrolment/verification
 * routes, checks the route's permission, and for state-changing cookie requests checks CSRF: the
 * Origin must be ours and the `x-csrf-token` header must match the session's token.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { AccessGuard, RouteAccess } from '../../http/route-access.js';
import { hasSecondFactor, loadGrants, requiresMfa, tenantAuthSettings } from './account.repository.js';
import type { ApiTokenService } from './api-token.service.js';
import { privilegedRoles } from './permissions.js';
import type { SessionService, ValidSession } from './session.service.js';
import { PCI_PASSWORD_MAX_AGE_MS } from './auth.types.js';
import type { Clock } from '../../domain/clock.js';
import { refuseSuspendedTenant } from '../tenants/tenant-status.js';
import type { TenantRateLimit } from '../tenants/tenant-rate-limit.js';

/** Host-only, Secure, HttpOnly, SameSite=Strict (the `__Host-` prefix enforces the first two). */
export const SESSION_COOKIE = '__Host-tijori_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        // A bad percent-escape is a cookie we did not set: treated as none, never an error.
        request.log.debug({ cookie: name }, 'malformed cookie ignored');
        return undefined;
      }
    }
  }
  return undefined;
}

/** The Set-Cookie value for a session token (or for clearing it). */
export function sessionCookie(token: string | null, maxAgeSeconds: number): string {
  const value = token === null ? '' : encodeURIComponent(token);
  return `${SESSION_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${String(token === null ? 0 : maxAgeSeconds)}`;
}

export interface GuardDeps {
  db: Kysely<Database>;
  sessions: SessionService;
  apiTokens: ApiTokenService;
  clock: Clock;
  /** Allowed browser origins (from the public URL); when empty, the request's own Host is used. */
  allowedOrigins: readonly string[];
  /** Each business's share of this instance's requests (hosted mode). */
  tenantRateLimit?: TenantRateLimit;
}

export class SessionAccessGuard implements AccessGuard {
  constructor(private readonly deps: GuardDeps) {}

  async check(request: FastifyRequest, access: RouteAccess): Promise<void> {
    if ('public' in access) {
      // Login CSRF: a browser posting to a public route from another site is refused too.
      const origin = request.headers.origin;
      if (
        !SAFE_METHODS.has(request.method) &&
        origin !== undefined &&
        !this.allowedOrigins(request).includes(origin)
      )
        throw new AppError('forbidden', 'cross-site request refused (origin)');
      return;
    }
    const auth = await this.authenticate(request);
    if (auth === null) throw new AppError('unauthenticated', 'sign in first');
    request.auth = auth;
    this.deps.tenantRateLimit?.take(auth.tenantId);
    await refuseSuspendedTenant(this.deps.db, auth.tenantId);
    if (!auth.mfaSatisfied && access.allowDuringMfaEnrollment !== true)
      throw new AppError('mfa_required', 'complete two-step verification first');
    if (access.allowDuringMfaEnrollment !== true) {
      const reason = await this.passwordChangeDue(auth);
      if (reason !== null)
        throw new AppError(
          'precondition_failed',
          reason === 'password_reset_required'
            ? 'you must set a new password before continuing'
            : 'your password has expired; change it to continue',
          undefined,
          { reason },
        );
    }
    if ('permission' in access && !auth.permissions.has(access.permission))
      throw new AppError('forbidden', 'your role does not allow this');
  }

  private async authenticate(request: FastifyRequest): Promise<AccessContext | null> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer (\S+)$/.exec(authorization);
      return match?.[1] === undefined ? null : this.fromApiToken(match[1]);
    }
    const token = readCookie(request, SESSION_COOKIE);
    if (token === undefined) return null;
    const session = await this.deps.sessions.validate(token, async (s) => {
      const grants = await loadGrants(this.deps.db, s.tenantId, s.userId);
      if (grants.roles.some((r) => privilegedRoles.has(r)))
        return this.deps.sessions.timeouts.privilegedIdleMs;
      const settingsIdle = (await tenantAuthSettings(this.deps.db, s.tenantId)).counterIdleMinutes;
      return settingsIdle === null ? this.deps.sessions.timeouts.counterIdleMs : settingsIdle * 60_000;
    });
    if (session === null) return null;
    const auth = await this.fromSession(session);
    if (auth === null) return null;
    if (!SAFE_METHODS.has(request.method)) this.checkCsrf(request, session);
    return auth;
  }

  /**
   * Whether the user must change their password first: a reset forced after a suspected compromise,
   * or, in PCI mode, a password-only account's password older than 90 days (PCI DSS 8.3.9).
   */
  private async passwordChangeDue(
    auth: AccessContext,
  ): Promise<'password_reset_required' | 'password_expired' | null> {
    if (auth.sessionId === undefined) return null;
    const account = await this.deps.db
      .selectFrom('user_accounts')
      .select(['password_changed_at', 'password_reset_required'])
      .where('tenant_id', '=', auth.tenantId)
      .where('user_id', '=', auth.userId)
      .executeTakeFirst();
    if (account?.password_reset_required === 1) return 'password_reset_required';
    const settings = await tenantAuthSettings(this.deps.db, auth.tenantId);
    if (!settings.pciMode || (await hasSecondFactor(this.deps.db, auth.tenantId, auth.userId))) return null;
    const changed = account?.password_changed_at;
    return typeof changed === 'string' &&
      this.deps.clock.now().getTime() - new Date(changed).getTime() > PCI_PASSWORD_MAX_AGE_MS
      ? 'password_expired'
      : null;
  }

  private allowedOrigins(request: FastifyRequest): readonly string[] {
    if (this.deps.allowedOrigins.length > 0) return this.deps.allowedOrigins;
    const host = request.headers.host ?? '';
    return [`https://${host}`, `http://${host}`];
  }

  private checkCsrf(request: FastifyRequest, session: ValidSession): void {
    const origin = request.headers.origin;
    if (origin === undefined || !this.allowedOrigins(request).includes(origin))
      throw new AppError('forbidden', 'cross-site request refused (origin)');
    const presented = request.headers[CSRF_HEADER];
    if (typeof presented !== 'string' || !this.deps.sessions.csrfMatches(session, presented))
      // The reason lets the web app fetch a fresh token (GET /auth/csrf) and retry once.
      throw new AppError('forbidden', 'cross-site request refused (token)', undefined, {
        reason: 'csrf_token',
      });
  }

  private async fromSession(session: ValidSession): Promise<AccessContext | null> {
    const user = await this.deps.db
      .selectFrom('users')
      .select('status')
      .where('tenant_id', '=', session.tenantId)
      .where('id', '=', session.userId)
      .executeTakeFirst();
    // A disabled user's sessions are revoked at once; this check also covers a race with that.
    if (user?.status !== 'active') return null;
    const grants = await loadGrants(this.deps.db, session.tenantId, session.userId);
    const enrolled = await hasSecondFactor(this.deps.db, session.tenantId, session.userId);
    const mfaSatisfied = enrolled ? session.mfaVerified : !requiresMfa(grants.roles);
    return {
      tenantId: session.tenantId,
      userId: session.userId,
      // The device goes into every audit entry of the session: scope analysis after a theft.
      actor: {
        type: 'user',
        id: session.userId,
        sessionId: session.id,
        ...(session.deviceId === null ? {} : { deviceId: session.deviceId }),
      },
      sessionId: session.id,
      roles: grants.roles,
      permissions: grants.permissions,
      storeIds: grants.storeIds,
      mfaSatisfied,
      ...(session.reauthenticatedAt === null ? {} : { reauthenticatedAt: session.reauthenticatedAt }),
    };
  }

  private async fromApiToken(presented: string): Promise<AccessContext | null> {
    const token = await this.deps.apiTokens.validate(presented);
    if (token === null) return null;
    const user = await this.deps.db
      .selectFrom('users')
      .select('status')
      .where('tenant_id', '=', token.tenantId)
      .where('id', '=', token.userId)
      .executeTakeFirst();
    if (user?.status !== 'active') return null;
    const grants = await loadGrants(this.deps.db, token.tenantId, token.userId);
    const permissions = new Set(token.scopes.filter((s) => grants.permissions.has(s)));
    return {
      tenantId: token.tenantId,
      userId: token.userId,
      actor: { type: 'api_token', id: token.id },
      tokenId: token.id,
      roles: grants.roles,
      permissions,
      storeIds: grants.storeIds,
      mfaSatisfied: true,
    };
  }
}
