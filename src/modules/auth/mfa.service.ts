/**
 * Second factors: TOTP enrolment (secret encrypted with purpose `auth_secrets`, QR code), the
 * second step of sign-in, and 10 single-use recovery codes (120 bits each, stored as SHA-256).
 * Passing or enrolling a factor is a privilege change, so the session gets a new token.
 */
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import { equalDigests, randomCode, sha256Hex } from '../../domain/crypto-random.js';
import { newId } from '../../domain/ids.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { AuditContext } from '../../kernel/audit.js';
import type { AuthDeps } from './auth.types.js';
import type { IssuedSession } from './session.service.js';
import { withSecondFactorBudget } from './second-factor-throttle.js';
import { acceptTotp, newTotpSecret, totpUri } from './totp.js';

export const RECOVERY_CODE_COUNT = 10;

/** Whose factor: the tenant and the user. */
type UserRef = Pick<AccessContext, 'tenantId' | 'userId'>;

const secretRef = (tenantId: string, userId: string) => ({
  tenantId,
  table: 'totp_secrets',
  column: 'secret_enc',
  rowId: userId,
});

function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

export class MfaService {
  constructor(private readonly deps: AuthDeps) {}

  /** Starts TOTP enrolment: a new secret (unconfirmed until a code proves the app has it). */
  async startTotp(auth: AccessContext): Promise<{ otpauthUri: string; qrDataUrl: string }> {
    const secret = newTotpSecret();
    const now = this.deps.clock.now().toISOString();
    const enc = await this.deps.cipher.encrypt('auth_secrets', secretRef(auth.tenantId, auth.userId), secret);
    await this.deps.db.transaction().execute(async (trx) => {
      const existing = await this.totpRow(trx, auth);
      if (typeof existing?.confirmed_at === 'string')
        throw new AppError('conflict', 'an authenticator app is already enrolled');
      await trx
        .deleteFrom('totp_secrets')
        .where('tenant_id', '=', auth.tenantId)
        .where('user_id', '=', auth.userId)
        .execute();
      await trx
        .insertInto('totp_secrets')
        .values({
          tenant_id: auth.tenantId,
          user_id: auth.userId,
          secret_enc: enc,
          last_step: 0,
          confirmed_at: null,
          created_at: now,
        })
        .execute();
    });
    // The label is the account id, not the email: no personal data in the QR code.
    const otpauthUri = totpUri(secret, `Tijori:${auth.userId.slice(0, 8)}`);
    return { otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri) };
  }

  /** Confirms enrolment with a code; returns the recovery codes (shown once) and a new session. */
  async confirmTotp(
    auth: AccessContext,
    ctx: AuditContext,
    code: string,
  ): Promise<{ recoveryCodes: string[]; session: IssuedSession }> {
    const row = await this.totpRow(this.deps.db, auth);
    if (row === undefined || row.confirmed_at !== null)
      throw new AppError('precondition_failed', 'start enrolment first');
    // Claiming the step is one conditional update, atomic on its own; the rest is one transaction.
    await this.consumeTotp(auth, row, code, ctx);
    return this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('totp_secrets')
        .set({ confirmed_at: this.deps.clock.now().toISOString() })
        .where('tenant_id', '=', auth.tenantId)
        .where('user_id', '=', auth.userId)
        .execute();
      const recoveryCodes = await this.replaceRecoveryCodes(trx, auth);
      const session = await this.rotateSession(trx, auth, 'mfa_enrolled');
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.mfa.enroll',
        objectType: 'user',
        objectId: auth.userId,
        outcome: 'success',
        details: { factor: 'totp' },
      });
      return { recoveryCodes, session };
    });
  }

  /** The second step of sign-in with a TOTP code or a recovery code; returns a new session. */
  async verifySecondFactor(
    auth: AccessContext,
    ctx: AuditContext,
    input: { code?: string; recoveryCode?: string },
  ): Promise<IssuedSession> {
    const { code, recoveryCode } = input;
    if (code === undefined && recoveryCode === undefined)
      throw new AppError('validation_failed', 'give a code or a recovery code', 'code');
    const factor = code !== undefined ? 'totp' : 'recovery_code';
    const who = { tenantId: auth.tenantId, userId: auth.userId, sessionId: auth.sessionId };
    await withSecondFactorBudget(this.deps, who, ctx, factor, () =>
      code !== undefined
        ? this.claimTotpCode(auth, code, ctx)
        : this.consumeRecoveryCode(auth, ctx, recoveryCode ?? ''),
    );
    return this.deps.db.transaction().execute(async (trx) => {
      const session = await this.rotateSession(trx, auth, 'mfa_passed');
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.mfa.verify',
        objectType: 'user',
        objectId: auth.userId,
        outcome: 'success',
        details: { factor },
      });
      return session;
    });
  }

  /** Removes the authenticator app and its recovery codes (step-up required by the route). */
  async removeTotp(auth: AccessContext, ctx: AuditContext): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('totp_secrets')
        .where('tenant_id', '=', auth.tenantId)
        .where('user_id', '=', auth.userId)
        .executeTakeFirst();
      if (removed.numDeletedRows === 0n) throw new AppError('not_found', 'no authenticator app is enrolled');
      await trx
        .deleteFrom('recovery_codes')
        .where('tenant_id', '=', auth.tenantId)
        .where('user_id', '=', auth.userId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.mfa.remove',
        objectType: 'user',
        objectId: auth.userId,
        outcome: 'success',
        details: { factor: 'totp' },
      });
    });
  }

  /**
   * Accepts a code from the user's enrolled authenticator app once (its time step is claimed):
   * the second step of sign-in, and a manager's approval at a counter.
   */
  async claimTotpCode(user: UserRef, code: string, ctx: AuditContext): Promise<void> {
    const row = await this.totpRow(this.deps.db, user);
    if (typeof row?.confirmed_at !== 'string')
      throw new AppError('precondition_failed', 'no authenticator app is enrolled', 'code');
    await this.consumeTotp(user, row, code, ctx);
  }

  private async totpRow(trx: Kysely<Database>, auth: UserRef) {
    return trx
      .selectFrom('totp_secrets')
      .selectAll()
      .where('tenant_id', '=', auth.tenantId)
      .where('user_id', '=', auth.userId)
      .executeTakeFirst();
  }

  /** Accepts a code for a step later than the last one used, and records the step atomically. */
  private async consumeTotp(
    auth: UserRef,
    row: { secret_enc: string; last_step: number },
    code: string,
    ctx: AuditContext,
  ): Promise<void> {
    const trx = this.deps.db;
    const secret = await this.deps.cipher.decrypt(secretRef(auth.tenantId, auth.userId), row.secret_enc);
    const step = acceptTotp(secret, code, this.deps.clock.now(), Number(row.last_step));
    const claimed =
      step !== null &&
      (
        await trx
          .updateTable('totp_secrets')
          .set({ last_step: step })
          .where('tenant_id', '=', auth.tenantId)
          .where('user_id', '=', auth.userId)
          .where('last_step', '<', step)
          .executeTakeFirst()
      ).numUpdatedRows > 0n;
    if (!claimed) {
      await this.deps.audit.record(this.deps.db, ctx, {
        action: 'auth.mfa.verify',
        objectType: 'user',
        objectId: auth.userId,
        outcome: 'failure',
        details: { factor: 'totp' },
      });
      throw new AppError('unauthenticated', 'the code is wrong or was already used', 'code');
    }
  }

  private async consumeRecoveryCode(auth: AccessContext, ctx: AuditContext, code: string): Promise<void> {
    const trx = this.deps.db;
    const hash = sha256Hex(normalizeRecoveryCode(code));
    const rows = await trx
      .selectFrom('recovery_codes')
      .select(['id', 'code_hash'])
      .where('tenant_id', '=', auth.tenantId)
      .where('user_id', '=', auth.userId)
      .where('used_at', 'is', null)
      .execute();
    const match = rows.find((r) => equalDigests(r.code_hash, hash));
    const used =
      match !== undefined &&
      (
        await trx
          .updateTable('recovery_codes')
          .set({ used_at: this.deps.clock.now().toISOString() })
          .where('tenant_id', '=', auth.tenantId)
          .where('id', '=', match.id)
          .where('used_at', 'is', null)
          .executeTakeFirst()
      ).numUpdatedRows > 0n;
    await this.deps.audit.record(this.deps.db, ctx, {
      action: 'auth.mfa.recovery_code',
      objectType: 'user',
      objectId: auth.userId,
      outcome: used ? 'success' : 'failure',
      details: { remaining: used ? rows.length - 1 : rows.length },
    });
    if (!used)
      throw new AppError('unauthenticated', 'the recovery code is wrong or was already used', 'recoveryCode');
  }

  private async replaceRecoveryCodes(trx: Kysely<Database>, auth: AccessContext): Promise<string[]> {
    await trx
      .deleteFrom('recovery_codes')
      .where('tenant_id', '=', auth.tenantId)
      .where('user_id', '=', auth.userId)
      .execute();
    const now = this.deps.clock.now().toISOString();
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomCode(120));
    await trx
      .insertInto('recovery_codes')
      .values(
        codes.map((c) => ({
          tenant_id: auth.tenantId,
          id: newId(),
          user_id: auth.userId,
          code_hash: sha256Hex(c),
          used_at: null,
          created_at: now,
        })),
      )
      .execute();
    return codes.map((c) => c.match(/.{1,4}/g)?.join('-') ?? c);
  }

  /** A privilege change: the old token dies and a new MFA-verified session replaces it. */
  private async rotateSession(
    trx: Kysely<Database>,
    auth: AccessContext,
    reason: string,
  ): Promise<IssuedSession> {
    if (auth.sessionId !== undefined)
      await this.deps.sessions.revoke(auth.tenantId, auth.sessionId, reason, trx);
    return this.deps.sessions.create(trx, auth.tenantId, auth.userId, {
      mfaVerified: true,
      reauthenticated: true,
      // The new session is the same browser's: it keeps the device it signed in from.
      deviceId: auth.actor.deviceId,
    });
  }
}
