/**
 * Revoking access in bulk, as incident containment needs it: the sessions of one store's staff,
 * of everyone, or of one stolen device; API tokens (one, a user's, or all); and a forced password
 * reset (the user must set a new password at the next sign-in, and their sessions end now). Each
 * runs in the caller's transaction when given one, and records itself in the audit trail.
 */
import type { Kysely } from 'kysely';
import { inTransaction } from '../../db/in-transaction.js';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../domain/app-error.js';
import type { AuditContext } from '../../kernel/audit.js';
import type { AuthDeps } from './auth.types.js';

export type TokenTarget = { tokenId: string } | { userId: string } | { all: true };

export class AccessRevocationService {
  constructor(private readonly deps: Pick<AuthDeps, 'db' | 'clock' | 'audit' | 'sessions'>) {}

  /**
   * Ends the sessions of everyone granted a role in `storeId` (tenant-wide roles are not a store's
   * staff: end those with `revokeAllSessions` or per user). `exceptSessionId` keeps the caller's.
   */
  async revokeStoreSessions(
    ctx: AuditContext,
    storeId: string,
    options: { exceptSessionId?: string } = {},
    within: Kysely<Database> = this.deps.db,
  ): Promise<number> {
    return inTransaction(within, async (trx) => {
      const store = await trx
        .selectFrom('stores')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', storeId)
        .executeTakeFirst();
      if (store === undefined) throw notFound('store');
      const staff = trx
        .selectFrom('user_roles')
        .select('user_id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('store_id', '=', storeId);
      const ended = await this.endSessions(trx, ctx.tenantId, 'revoked_store', options.exceptSessionId, (q) =>
        q.where('user_id', 'in', staff),
      );
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.session.revoke',
        objectType: 'store',
        objectId: storeId,
        outcome: 'success',
        details: { scope: 'store', sessionsEnded: ended },
      });
      return ended;
    });
  }

  /** Ends every session of the tenant but `exceptSessionId` (the caller's own). */
  async revokeAllSessions(
    ctx: AuditContext,
    options: { exceptSessionId?: string } = {},
    within: Kysely<Database> = this.deps.db,
  ): Promise<number> {
    return inTransaction(within, async (trx) => {
      const ended = await this.endSessions(trx, ctx.tenantId, 'revoked_all', options.exceptSessionId);
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.session.revoke',
        objectType: 'tenant',
        objectId: ctx.tenantId,
        outcome: 'success',
        details: { scope: 'all', sessionsEnded: ended, callerKept: options.exceptSessionId !== undefined },
      });
      return ended;
    });
  }

  /** Ends every session signed in from a device (a stolen laptop's browser). */
  async revokeDeviceSessions(
    ctx: AuditContext,
    deviceId: string,
    within: Kysely<Database> = this.deps.db,
  ): Promise<number> {
    return inTransaction(within, async (trx) => {
      const ended = await this.endSessions(trx, ctx.tenantId, 'device_revoked', undefined, (q) =>
        q.where('device_id', '=', deviceId),
      );
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.session.revoke',
        objectType: 'device',
        objectId: deviceId,
        outcome: 'success',
        details: { scope: 'device', sessionsEnded: ended },
      });
      return ended;
    });
  }

  /** Revokes one API token, a user's tokens, or every token of the tenant. */
  async revokeApiTokens(
    ctx: AuditContext,
    target: TokenTarget,
    within: Kysely<Database> = this.deps.db,
  ): Promise<number> {
    return inTransaction(within, async (trx) => {
      let query = trx.selectFrom('api_tokens').select('id').where('tenant_id', '=', ctx.tenantId);
      if ('tokenId' in target) query = query.where('id', '=', target.tokenId);
      if ('userId' in target) query = query.where('user_id', '=', target.userId);
      if ('tokenId' in target && (await query.executeTakeFirst()) === undefined) throw notFound('API token');
      const result = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: this.deps.clock.now().toISOString() })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', 'in', query)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      const revoked = Number(result.numUpdatedRows);
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.api_token.revoke',
        objectType: 'tokenId' in target ? 'api_token' : 'userId' in target ? 'user' : 'tenant',
        objectId: 'tokenId' in target ? target.tokenId : 'userId' in target ? target.userId : ctx.tenantId,
        outcome: 'success',
        details: { tokensRevoked: revoked },
      });
      return revoked;
    });
  }

  /** The user must set a new password at the next sign-in; their sessions end now. */
  async forcePasswordReset(
    ctx: AuditContext,
    userId: string,
    within: Kysely<Database> = this.deps.db,
  ): Promise<number> {
    return inTransaction(within, async (trx) => {
      const result = await trx
        .updateTable('user_accounts')
        .set({ password_reset_required: 1 })
        .where('tenant_id', '=', ctx.tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('user');
      const ended = await this.deps.sessions.revokeAllFor(trx, ctx.tenantId, userId, 'password_reset_forced');
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.password.reset_forced',
        objectType: 'user',
        objectId: userId,
        outcome: 'success',
        details: { sessionsEnded: ended },
      });
      return ended;
    });
  }

  private async endSessions(
    trx: Kysely<Database>,
    tenantId: string,
    reason: string,
    exceptSessionId: string | undefined,
    narrow?: (
      q: ReturnType<AccessRevocationService['sessionsQuery']>,
    ) => ReturnType<AccessRevocationService['sessionsQuery']>,
  ): Promise<number> {
    let query = this.sessionsQuery(trx, tenantId, reason);
    if (exceptSessionId !== undefined) query = query.where('id', '!=', exceptSessionId);
    if (narrow !== undefined) query = narrow(query);
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  }

  private sessionsQuery(trx: Kysely<Database>, tenantId: string, reason: string) {
    return trx
      .updateTable('sessions')
      .set({ revoked_at: this.deps.clock.now().toISOString(), revoked_reason: reason })
      .where('tenant_id', '=', tenantId)
      .where('revoked_at', 'is', null);
  }
}
