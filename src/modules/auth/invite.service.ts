/**
 * Invites: a one-time token (only its hash kept) for a role in a store, expiring after 72 hours;
 * redeeming it creates the account under the password policy with the shop name as context. An
 * invite made for an email address (the users page always gives one) keeps only that address's
 * login index and can be redeemed with that address alone.
 */
import { normalizeEmail } from '../../crypto/normalize.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { AuditContext } from '../../kernel/audit.js';
import { roleIdByName } from './account.repository.js';
import type { AuthDeps } from './auth.types.js';
import { issueToken, parseToken, secretMatches } from './secret-token.js';
import type { UserService } from './user.service.js';
import { inviteEmailMatches } from '../tenants/owner-invite.js';

const INVITE_TTL_MS = 72 * 3600_000;

export class InviteService {
  constructor(
    private readonly deps: AuthDeps,
    private readonly users: UserService,
  ) {}

  /** A one-time invite for a role in a store; the token is shown once, only its hash is kept. */
  async createInvite(
    actor: AccessContext,
    ctx: AuditContext,
    role: string,
    storeId: string,
    email?: string,
  ): Promise<{ token: string; expiresAt: string }> {
    const loginIndex = email === undefined ? null : await this.deps.loginIndex(normalizeEmail(email));
    return this.deps.db.transaction().execute(async (trx) => {
      const roleId = await roleIdByName(trx, actor.tenantId, role);
      if (roleId === undefined) throw new AppError('validation_failed', 'unknown role', 'role');
      if (role === 'owner') throw new AppError('forbidden', 'the owner role cannot be given by invite');
      if (storeId !== '*') {
        const store = await trx
          .selectFrom('stores')
          .select('id')
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', storeId)
          .executeTakeFirst();
        if (store === undefined || (actor.storeIds !== 'all' && !actor.storeIds.has(storeId)))
          throw notFound('store');
      } else if (actor.storeIds !== 'all')
        throw new AppError('forbidden', 'only a tenant-wide user may invite tenant-wide');
      const issued = issueToken('tji_');
      const now = this.deps.clock.now();
      const expiresAt = new Date(now.getTime() + INVITE_TTL_MS).toISOString();
      await trx
        .insertInto('invites')
        .values({
          tenant_id: actor.tenantId,
          id: issued.id,
          token_hash: issued.secretHash,
          role_id: roleId,
          store_id: storeId,
          created_by: actor.userId,
          expires_at: expiresAt,
          used_at: null,
          created_at: now.toISOString(),
          login_index: loginIndex,
        })
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'user.invite',
        objectType: 'invite',
        objectId: issued.id,
        outcome: 'success',
        details: { role },
      });
      return { token: issued.token, expiresAt };
    });
  }

  /** Redeems an invite once, before it expires, creating the account. */
  async acceptInvite(
    token: string,
    input: { email: string; displayName: string; password: string },
  ): Promise<string> {
    const gone = () => new AppError('not_found', 'invite not found or expired');
    const parsed = parseToken(token, 'tji_');
    if (parsed === null) throw gone();
    const now = this.deps.clock.now().toISOString();
    const invite = await this.deps.db
      .selectFrom('invites')
      .selectAll()
      .where('id', '=', parsed.id)
      .executeTakeFirst();
    if (
      invite === undefined ||
      !secretMatches(invite.token_hash, parsed.secret) ||
      invite.used_at !== null ||
      invite.expires_at <= now
    )
      throw gone();
    if (!(await inviteEmailMatches(invite.login_index, input.email, this.deps.loginIndex)))
      throw new AppError('validation_failed', 'this invite was made for another email address', 'email', {
        reason: 'invite-other-email',
      });
    const role = await this.deps.db
      .selectFrom('roles')
      .select('name')
      .where('tenant_id', '=', invite.tenant_id)
      .where('id', '=', invite.role_id)
      .executeTakeFirstOrThrow();
    const tenant = await this.deps.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', invite.tenant_id)
      .executeTakeFirstOrThrow();
    const prepared = await this.users.prepareAccount({
      tenantId: invite.tenant_id,
      ...input,
      grants: [{ role: role.name, storeId: invite.store_id }],
      contextWords: [tenant.name],
    });
    return this.deps.db.transaction().execute(async (trx) => {
      // Claimed with a conditional update: of two concurrent redemptions only one succeeds.
      const used = await trx
        .updateTable('invites')
        .set({ used_at: now })
        .where('tenant_id', '=', invite.tenant_id)
        .where('id', '=', invite.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (used.numUpdatedRows === 0n) throw gone();
      const userId = await this.users.insertAccount(trx, prepared);
      await this.deps.audit.record(
        trx,
        { tenantId: invite.tenant_id, actor: { type: 'user', id: userId }, source: 'invite' },
        {
          action: 'user.invite.accept',
          objectType: 'user',
          objectId: userId,
          outcome: 'success',
          details: { role: role.name },
        },
      );
      return userId;
    });
  }
}
