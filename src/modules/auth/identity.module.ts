/**
 * Builds the identity services and their routes from their dependencies: one call from the
 * composition root, and from tests with cheap argon2 parameters.
 */
import { TenantRateLimit } from '../tenants/tenant-rate-limit.js';
import type { Kysely } from 'kysely';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import { SessionAccessGuard } from './access-guard.js';
import './encrypted-columns.js';
import { ApiTokenService } from './api-token.service.js';
import { ApproverCheckService } from './approver-check.service.js';
import { authApiRoutes } from './auth.routes.js';
import { AuthService } from './auth.service.js';
import type { AuthDeps } from './auth.types.js';
import { directoryApiRoutes } from './directory.routes.js';
import { DirectoryService } from './directory.service.js';
import { createLoginIndexer, createPepper } from './login-index.js';
import { LoginThrottle } from './login-throttle.js';
import { InviteService } from './invite.service.js';
import { MfaService } from './mfa.service.js';
import { passkeyApiRoutes } from './passkey.routes.js';
import { hostname } from 'node:os';
import { PasskeyService, type RelyingPartySource } from './passkey.service.js';
import { loadPasswordBlocklist } from './password-blocklist.js';
import { PasswordHasher, type Argon2Params, type RetiredPeppers } from './password-hasher.js';
import { AccessRevocationService } from './revocation.service.js';
import { SessionService, type SessionTimeouts } from './session.service.js';
import { roleApiRoutes } from './roles.routes.js';
import { RoleService } from './roles.service.js';
import { staffProfileApiRoutes } from './staff-profile.routes.js';
import { StaffProfileService } from './staff-profile.service.js';
import { RevealGate } from './step-up.policy.js';
import { UserService } from './user.service.js';
import { userApiRoutes } from './users.routes.js';

export interface IdentityOptions {
  db: Kysely<Database>;
  clock: Clock;
  keyProvider: Pick<KeyProvider, 'deriveSecret'>;
  cipher: FieldCipher;
  audit: AuditRecorder;
  argon2: Argon2Params;
  /** Peppers retired by KEK rotations (the key folder's store; ADR 0054). */
  retiredPeppers?: RetiredPeppers;
  timeouts: SessionTimeouts;
  /** Browser origins allowed on state-changing requests (the public URL's origin). */
  allowedOrigins: readonly string[];
  /** Authenticated requests a business may make a minute on this instance (0: no limit). */
  tenantRequestsPerMinute?: number;
  /** Where the WebAuthn relying party comes from (the public URL, or the allowed host names). */
  relyingParty?: RelyingPartySource;
}

export interface Identity {
  deps: AuthDeps;
  auth: AuthService;
  users: UserService;
  invites: InviteService;
  mfa: MfaService;
  passkeys: PasskeyService;
  roles: RoleService;
  directory: DirectoryService;
  sessions: SessionService;
  apiTokens: ApiTokenService;
  /** Bulk revocation and forced password resets (incident containment). */
  revocation: AccessRevocationService;
  guard: SessionAccessGuard;
  reveal: RevealGate;
  /** A manager's approval typed in at a counter (email, password, authenticator code). */
  approvers: ApproverCheckService;
  routes: RouteModule[];
}

export function createIdentity(options: IdentityOptions): Identity {
  const { db, clock } = options;
  const sessions = new SessionService(db, clock, options.timeouts);
  const deps: AuthDeps = {
    db,
    clock,
    hasher: new PasswordHasher(
      createPepper(options.keyProvider),
      options.argon2,
      undefined,
      options.retiredPeppers,
    ),
    cipher: options.cipher,
    loginIndex: createLoginIndexer(options.keyProvider),
    audit: options.audit,
    blocklist: loadPasswordBlocklist(),
    sessions,
    throttle: new LoginThrottle(db, clock),
  };
  const auth = new AuthService(deps);
  const users = new UserService(deps);
  const invites = new InviteService(deps, users);
  const mfa = new MfaService(deps);
  const apiTokens = new ApiTokenService(deps);
  const passkeys = new PasskeyService(deps, options.relyingParty ?? { hostNames: [] });
  const roles = new RoleService(deps);
  const directory = new DirectoryService(db, options.cipher);
  const reveal = new RevealGate(options.audit, clock);
  const profiles = new StaffProfileService(db, options.cipher, reveal);
  const guard = new SessionAccessGuard({
    db,
    sessions,
    apiTokens,
    clock,
    allowedOrigins: options.allowedOrigins,
    tenantRateLimit: new TenantRateLimit(options.tenantRequestsPerMinute ?? 0, clock),
  });
  return {
    deps,
    auth,
    users,
    invites,
    mfa,
    passkeys,
    roles,
    directory,
    sessions,
    apiTokens,
    revocation: new AccessRevocationService(deps),
    guard,
    reveal,
    approvers: new ApproverCheckService(deps, mfa),
    routes: [
      authApiRoutes({ auth, mfa, users, sessions, clock }),
      userApiRoutes({ users, invites, sessions, apiTokens, clock }),
      passkeyApiRoutes({ passkeys, clock, absoluteMs: options.timeouts.absoluteMs }),
      roleApiRoutes({ roles, clock }),
      directoryApiRoutes({ directory }),
      staffProfileApiRoutes({ profiles }),
    ],
  };
}

/**
 * Where passkeys get their relying party: the public URL's host and origin when it is set;
 * otherwise the browser's origin, for the configured host names only (by default the names the
 * generated certificate covers: localhost and this machine's name).
 */
export function relyingPartyFrom(
  publicUrl: string | undefined,
  hostNames: readonly string[] = ['localhost', hostname()],
): RelyingPartySource {
  const names = hostNames.map((n) => n.toLowerCase());
  if (publicUrl === undefined) return { hostNames: names };
  const url = new URL(publicUrl);
  return { fixed: { rpID: url.hostname, origin: url.origin, name: 'Tijori' }, hostNames: names };
}

/** Session timeouts from the configuration (privileged roles keep the baseline's 15 minutes). */
export function sessionTimeouts(config: {
  counterSessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}): SessionTimeouts {
  return {
    privilegedIdleMs: 15 * 60_000,
    counterIdleMs: config.counterSessionIdleMinutes * 60_000,
    absoluteMs: config.sessionAbsoluteHours * 3600_000,
  };
}
