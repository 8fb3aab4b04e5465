/**
 * Sign-in with a password: throttle first (a refused attempt never reaches argon2), then the hash,
 * then a brand-new session (any session the client presented is revoked: no fixation). Every
 * attempt, known account or not, is written to the login attempt log.
 */
import type { Kysely } from 'kysely';
import { normalizeEmail } from '../../crypto/normalize.js';
import type { Database } from '../../db/schema.js';
import type { LoginOutcome } from '../../db/tables/login-attempts.tables.js';
import { AppError } from '../../domain/app-error.js';
import type { AccessContext } from '../../kernel/access-context.js';
import { INSTALLATION_CHAIN, type AuditContext } from '../../kernel/audit.js';
import {
  findAccount,
  findAccountByLoginIndex,
  hasSecondFactor,
  tenantAuthSettings,
} from './account.repository.js';
import type { AuthDeps } from './auth.types.js';
import { recordLoginAttempt } from './login-attempts.js';
import { reserveSignIn, settleSignIn } from './login-throttle.js';
import { enforcePasswordPolicy, storePassword } from './password.service.js';
import { withSecondFactorBudget } from './second-factor-throttle.js';
import { parseToken, secretMatches } from './secret-token.js';
import type { IssuedSession } from './session.service.js';
import { isTenantSuspended, suspendedError } from '../tenants/tenant-status.js';

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  deviceId?: string;
  /** The session cookie the client sent, if any: revoked, never reused. */
  presentedToken?: string;
}

export interface LoginResult extends IssuedSession {
  tenantId: string;
  userId: string;
  /** The session must pass TOTP or a passkey before it can do anything else. */
  secondFactorRequired: boolean;
}

const WRONG = 'the email or password is wrong';

export class AuthService {
  constructor(private readonly deps: AuthDeps) {}

  async login(input: LoginInput): Promise<LoginResult> {
    const email = normalizeEmail(input.email);
    const loginIndex = await this.deps.loginIndex(email);
    const account = await findAccountByLoginIndex(this.deps.db, loginIndex);
    const settings =
      account === undefined ? undefined : await tenantAuthSettings(this.deps.db, account.tenantId);
    const attempt = (outcome: LoginOutcome, reason: string) =>
      this.recordAttempt(loginIndex, account, input, outcome, reason);

    // Throttle before the hash: per account, then per network.
    const slot = await reserveSignIn(this.deps.throttle, loginIndex, settings?.pciMode === true, input.ip);
    if (!slot.allowed) {
      await attempt('throttled', 'throttled');
      throw new AppError('rate_limited', 'too many sign-in attempts; wait and try again', undefined, {
        retryAfterSeconds: slot.retryAfterSeconds,
      });
    }
    const accountFailures = slot.accountFailures;

    // An unknown account waits as long as a hash would take (timing does not reveal which emails
    // exist) but computes none, so spraying random emails cannot exhaust the CPU.
    let passwordOk = false;
    if (typeof account?.passwordHash !== 'string') await this.deps.hasher.waitLikeVerify();
    // An account without recent failures is hashed first: a flood elsewhere does not delay it.
    else
      passwordOk = await this.deps.hasher.verify(
        account.passwordHash,
        input.password,
        accountFailures === 0 ? 'high' : 'normal',
        account.pepperId,
      );
    if (
      account === undefined ||
      account.passwordHash === null ||
      !passwordOk ||
      account.status !== 'active'
    ) {
      const reason = account === undefined ? 'unknown_account' : !passwordOk ? 'bad_password' : 'disabled';
      await attempt('failure', reason);
      // A sign-in to no account belongs to no tenant: it goes to the installation chain.
      await this.deps.audit.record(
        this.deps.db,
        this.publicContext(account?.tenantId ?? INSTALLATION_CHAIN, input.ip, input.deviceId),
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: account?.userId ?? null,
          outcome: 'failure',
          details: { reason },
        },
      );
      throw new AppError('unauthenticated', WRONG);
    }

    if (await isTenantSuspended(this.deps.db, account.tenantId)) {
      await attempt('failure', 'business_suspended');
      throw suspendedError();
    }
    await settleSignIn(this.deps.throttle, loginIndex, input.ip);
    // Older parameters, or a pepper a KEK rotation retired: re-hashed now under the current ones.
    if (account.pepperId !== null || this.deps.hasher.needsRehash(account.passwordHash)) {
      const upgraded = await this.deps.hasher.hash(input.password);
      await this.deps.db
        .updateTable('user_accounts')
        .set({ password_hash: upgraded, pepper_id: null })
        .where('tenant_id', '=', account.tenantId)
        .where('user_id', '=', account.userId)
        .where('password_hash', '=', account.passwordHash)
        .execute();
      if (account.pepperId !== null) await this.deps.hasher.pruneRetiredPeppers();
    }
    const secondFactorRequired = await hasSecondFactor(this.deps.db, account.tenantId, account.userId);
    const session = await this.deps.db.transaction().execute(async (trx) => {
      await this.revokePresented(trx, input.presentedToken, 'replaced_at_login');
      const issued = await this.deps.sessions.create(trx, account.tenantId, account.userId, {
        mfaVerified: false,
        reauthenticated: true,
        deviceId: input.deviceId,
      });
      await this.deps.audit.record(trx, this.publicContext(account.tenantId, input.ip, input.deviceId), {
        action: 'auth.login',
        objectType: 'user',
        objectId: account.userId,
        outcome: 'success',
        details: { secondFactorRequired },
      });
      return issued;
    });
    await attempt('success', secondFactorRequired ? 'password_ok_mfa_pending' : 'ok');
    return { ...session, tenantId: account.tenantId, userId: account.userId, secondFactorRequired };
  }

  /** Ends the caller's session. */
  async logout(auth: AccessContext, ctx: AuditContext): Promise<void> {
    if (auth.sessionId === undefined) return;
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.sessions.revoke(auth.tenantId, auth.sessionId ?? '', 'logout', trx);
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.logout',
        objectType: 'session',
        objectId: auth.sessionId ?? null,
        outcome: 'success',
      });
    });
  }

  /** Step-up: the password again, recorded on the session for 5 minutes of sensitive actions. */
  async reauthenticate(auth: AccessContext, ctx: AuditContext, password: string): Promise<void> {
    const who = { tenantId: auth.tenantId, userId: auth.userId, sessionId: auth.sessionId };
    await withSecondFactorBudget(this.deps, who, ctx, 'step_up', async () => {
      const account = await findAccount(this.deps.db, auth.tenantId, auth.userId);
      const ok =
        typeof account?.passwordHash === 'string' &&
        (await this.deps.hasher.verify(account.passwordHash, password, 'normal', account.pepperId));
      await this.deps.audit.record(this.deps.db, ctx, {
        action: 'auth.reauthenticate',
        objectType: 'user',
        objectId: auth.userId,
        outcome: ok ? 'success' : 'failure',
      });
      if (!ok || auth.sessionId === undefined) throw new AppError('unauthenticated', 'the password is wrong');
      await this.deps.sessions.markReauthenticated(auth.tenantId, auth.sessionId);
    });
  }

  /** Changes the caller's password (step-up required by the route); other sessions end. */
  async changePassword(auth: AccessContext, ctx: AuditContext, current: string, next: string): Promise<void> {
    const account = await findAccount(this.deps.db, auth.tenantId, auth.userId);
    if (
      typeof account?.passwordHash !== 'string' ||
      !(await this.deps.hasher.verify(account.passwordHash, current, 'normal', account.pepperId))
    )
      throw new AppError('unauthenticated', 'the current password is wrong', 'currentPassword');
    const hasMfa = await hasSecondFactor(this.deps.db, auth.tenantId, auth.userId);
    const context = await this.contextWords(auth.tenantId, auth.userId);
    await this.deps.db.transaction().execute(async (trx) => {
      await enforcePasswordPolicy(
        this.deps,
        trx,
        { ...auth, hasMfa, contextWords: context },
        next,
        'newPassword',
      );
      await storePassword(this.deps, trx, auth, next, 'newPassword');
      const ended = await trx
        .updateTable('sessions')
        .set({ revoked_at: this.deps.clock.now().toISOString(), revoked_reason: 'password_changed' })
        .where('tenant_id', '=', auth.tenantId)
        .where('user_id', '=', auth.userId)
        .where('id', '!=', auth.sessionId ?? '')
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.password.change',
        objectType: 'user',
        objectId: auth.userId,
        outcome: 'success',
        details: { otherSessionsEnded: Number(ended.numUpdatedRows) },
      });
    });
  }

  private async contextWords(tenantId: string, userId: string): Promise<string[]> {
    const row = await this.deps.db
      .selectFrom('user_accounts as a')
      .innerJoin('tenants as t', 't.id', 'a.tenant_id')
      .select(['a.email_enc', 'a.name_enc', 't.name'])
      .where('a.tenant_id', '=', tenantId)
      .where('a.user_id', '=', userId)
      .executeTakeFirstOrThrow();
    const ref = (column: string) => ({ tenantId, table: 'user_accounts', column, rowId: userId });
    return [
      row.name,
      await this.deps.cipher.decrypt(ref('email_enc'), row.email_enc),
      await this.deps.cipher.decrypt(ref('name_enc'), row.name_enc),
    ];
  }

  private async revokePresented(
    trx: Kysely<Database>,
    token: string | undefined,
    reason: string,
  ): Promise<void> {
    const parsed = token === undefined ? null : parseToken(token);
    if (parsed === null) return;
    const row = await trx
      .selectFrom('sessions')
      .select(['tenant_id', 'secret_hash'])
      .where('id', '=', parsed.id)
      .executeTakeFirst();
    // Only the holder of the secret may end a session this way.
    if (row === undefined || !secretMatches(row.secret_hash, parsed.secret)) return;
    await this.deps.sessions.revoke(row.tenant_id, parsed.id, reason, trx);
  }

  private publicContext(tenantId: string, ip: string, deviceId?: string): AuditContext {
    return {
      tenantId,
      actor: { type: 'public', id: null, ...(deviceId === undefined ? {} : { deviceId }) },
      source: `http ${ip}`,
    };
  }

  private async recordAttempt(
    loginIndex: string,
    account: { tenantId: string; userId: string } | undefined,
    input: LoginInput,
    outcome: LoginOutcome,
    reason: string,
  ): Promise<void> {
    await recordLoginAttempt(this.deps.db, this.deps.clock, {
      accountKey: loginIndex,
      tenantId: account?.tenantId ?? null,
      userId: account?.userId ?? null,
      ip: input.ip,
      ...(input.deviceId === undefined ? {} : { deviceId: input.deviceId }),
      outcome,
      reason,
    });
  }
}
