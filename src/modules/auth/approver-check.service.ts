/**
 * A manager's approval at someone else's counter: the manager types their email, password and a
 * code from their authenticator app on the cashier's screen. The check is a sign-in without a
 * session: the same throttle budget (per account and per network), the same attempt log (so the
 * brute-force detectors see failures), the TOTP step claimed once, and the permission checked in
 * the store. Nothing of the manager's credentials is kept, and the cashier's session is unchanged.
 */
import { normalizeEmail } from '../../crypto/normalize.js';
import type { LoginOutcome } from '../../db/tables/login-attempts.tables.js';
import { AppError } from '../../domain/app-error.js';
import type { AuditContext } from '../../kernel/audit.js';
import { findAccountByLoginIndex, loadGrants, tenantAuthSettings } from './account.repository.js';
import type { AuthDeps } from './auth.types.js';
import { recordLoginAttempt } from './login-attempts.js';
import { reserveSignIn, settleSignIn } from './login-throttle.js';
import type { MfaService } from './mfa.service.js';
import { withSecondFactorBudget } from './second-factor-throttle.js';

export interface ApproverCredentials {
  email: string;
  password: string;
  /** The six digits shown by the approver's authenticator app. */
  code: string;
}

export interface ApprovalScope {
  tenantId: string;
  storeId: string;
  /** What the approver must be allowed to do in the store (`discount.override`). */
  permission: string;
  ip: string;
  deviceId?: string;
  /** The requesting (cashier's) context, for the entries of refused attempts. */
  ctx: AuditContext;
}

/** What other modules call to have a person with a permission approve an action. */
export interface ApproverCheck {
  /** Verifies the credentials and the permission; the approver's user id. */
  verify(credentials: ApproverCredentials, scope: ApprovalScope): Promise<{ userId: string }>;
}

const WRONG = 'the email or password is wrong';

export class ApproverCheckService implements ApproverCheck {
  constructor(
    private readonly deps: AuthDeps,
    private readonly mfa: MfaService,
  ) {}

  async verify(credentials: ApproverCredentials, scope: ApprovalScope): Promise<{ userId: string }> {
    const { db, hasher } = this.deps;
    const loginIndex = await this.deps.loginIndex(normalizeEmail(credentials.email));
    const found = await findAccountByLoginIndex(db, loginIndex);
    // Someone of another business is nobody here.
    const account = found?.tenantId === scope.tenantId ? found : undefined;
    const attempt = (outcome: LoginOutcome, reason: string) =>
      recordLoginAttempt(db, this.deps.clock, {
        accountKey: loginIndex,
        tenantId: scope.tenantId,
        userId: account?.userId ?? null,
        ip: scope.ip,
        ...(scope.deviceId === undefined ? {} : { deviceId: scope.deviceId }),
        outcome,
        reason: `approval_${reason}`,
      });
    const refuse = async (outcome: LoginOutcome, reason: string) => {
      await attempt(outcome, reason);
      await this.deps.audit.record(db, scope.ctx, {
        action: 'auth.approval',
        objectType: 'user',
        objectId: account?.userId ?? null,
        outcome: 'failure',
        details: { reason, permission: scope.permission },
      });
    };

    const settings = await tenantAuthSettings(db, scope.tenantId);
    const slot = await reserveSignIn(this.deps.throttle, loginIndex, settings.pciMode, scope.ip);
    if (!slot.allowed) {
      await refuse('throttled', 'throttled');
      throw new AppError('rate_limited', 'too many attempts; wait and try again', undefined, {
        retryAfterSeconds: slot.retryAfterSeconds,
      });
    }
    let passwordOk = false;
    if (typeof account?.passwordHash !== 'string') await hasher.waitLikeVerify();
    else
      passwordOk = await hasher.verify(
        account.passwordHash,
        credentials.password,
        'normal',
        account.pepperId,
      );
    if (account === undefined || !passwordOk || account.status !== 'active') {
      await refuse(
        'failure',
        account === undefined ? 'unknown_account' : !passwordOk ? 'bad_password' : 'disabled',
      );
      throw new AppError('unauthenticated', WRONG, 'password');
    }
    const user = { tenantId: scope.tenantId, userId: account.userId };
    try {
      await withSecondFactorBudget(this.deps, user, scope.ctx, 'totp', () =>
        this.mfa.claimTotpCode(user, credentials.code, scope.ctx),
      );
    } catch (error) {
      await refuse('mfa_failure', 'bad_code');
      throw error;
    }
    await settleSignIn(this.deps.throttle, loginIndex, scope.ip);
    const grants = await loadGrants(db, scope.tenantId, account.userId);
    const allowed = ['*', scope.storeId].some((s) => grants.byStore.get(s)?.has(scope.permission) ?? false);
    if (!allowed) {
      await refuse('mfa_success', 'not_permitted');
      throw new AppError('forbidden', 'this person may not approve this in this store', 'email');
    }
    await attempt('mfa_success', 'ok');
    return { userId: account.userId };
  }
}
