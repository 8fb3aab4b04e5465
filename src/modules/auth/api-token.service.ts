/**
 * API tokens for integrations: `tjt_<id>.<secret>`, scoped to permissions the creator holds,
 * always expiring, stored as a hash. A token's effective permissions are its scopes intersected
 * with what its user may do now, so demoting or disabling the user narrows or ends it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { AuditContext } from '../../kernel/audit.js';
import type { AuthDeps } from './auth.types.js';
import { findAccountByLoginIndex, loadGrants } from './account.repository.js';
import { normalizeEmail } from '../../crypto/normalize.js';
import { isPermission } from './permissions.js';
import { issueToken, parseToken, secretMatches } from './secret-token.js';

export const API_TOKEN_PREFIX = 'tjt_';
export const MAX_API_TOKEN_DAYS = 366;

export interface ApiTokenOwner {
  tenantId: string;
  userId: string;
  permissions: ReadonlySet<string>;
}

export class ApiTokenService {
  constructor(private readonly deps: Pick<AuthDeps, 'db' | 'clock' | 'audit' | 'loginIndex'>) {}

  /** Creates a token; the secret is returned once and never stored. */
  async create(
    owner: ApiTokenOwner,
    ctx: AuditContext,
    input: { name: string; scopes: readonly string[]; expiresInMs: number },
  ): Promise<{ id: string; token: string; expiresAt: string }> {
    for (const scope of input.scopes) {
      if (!isPermission(scope))
        throw new AppError('validation_failed', 'unknown permission in scopes', 'scopes');
      if (!owner.permissions.has(scope))
        throw new AppError('forbidden', 'a token cannot hold a permission its user lacks');
    }
    if (input.scopes.length === 0)
      throw new AppError('validation_failed', 'give at least one scope', 'scopes');
    if (input.expiresInMs <= 0 || input.expiresInMs > MAX_API_TOKEN_DAYS * 86_400_000)
      throw new AppError(
        'validation_failed',
        `expiry must be within ${String(MAX_API_TOKEN_DAYS)} days`,
        'expires',
      );
    const issued = issueToken(API_TOKEN_PREFIX);
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + input.expiresInMs).toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('api_tokens')
        .values({
          tenant_id: owner.tenantId,
          id: issued.id,
          user_id: owner.userId,
          name: input.name,
          secret_hash: issued.secretHash,
          scopes: JSON.stringify([...input.scopes].sort()),
          expires_at: expiresAt,
          revoked_at: null,
          created_at: now.toISOString(),
        })
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.api_token.create',
        objectType: 'api_token',
        objectId: issued.id,
        outcome: 'success',
        details: { scopes: [...input.scopes] },
      });
    });
    return { id: issued.id, token: issued.token, expiresAt };
  }

  /**
   * For `tijori tokens create` run on the machine: the user named by login email, the token
   * limited to what that user may do now. Unknown or disabled users are refused alike.
   */
  async createForLogin(
    email: string,
    input: { name: string; scopes: readonly string[]; expiresInMs: number },
  ): Promise<{ id: string; token: string; expiresAt: string }> {
    const account = await findAccountByLoginIndex(
      this.deps.db,
      await this.deps.loginIndex(normalizeEmail(email)),
    );
    if (account?.status !== 'active') throw new AppError('not_found', 'no active user with that email');
    const grants = await loadGrants(this.deps.db, account.tenantId, account.userId);
    return this.create(
      { tenantId: account.tenantId, userId: account.userId, permissions: grants.permissions },
      { tenantId: account.tenantId, actor: { type: 'system', id: 'cli' }, source: 'cli' },
      input,
    );
  }

  /** The token's row when it is live; null otherwise. */
  async validate(
    presented: string,
  ): Promise<{ tenantId: string; id: string; userId: string; scopes: string[] } | null> {
    const parsed = parseToken(presented, API_TOKEN_PREFIX);
    if (parsed === null) return null;
    const row = await this.deps.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', parsed.id)
      .executeTakeFirst();
    if (row === undefined || !secretMatches(row.secret_hash, parsed.secret)) return null;
    if (row.revoked_at !== null || row.expires_at <= this.deps.clock.now().toISOString()) return null;
    return {
      tenantId: row.tenant_id,
      id: row.id,
      userId: row.user_id,
      scopes: JSON.parse(row.scopes) as string[],
    };
  }

  async list(tenantId: string, trx: Kysely<Database> = this.deps.db) {
    return trx
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'name', 'scopes', 'expires_at', 'revoked_at', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc')
      .execute();
  }

  async revoke(tenantId: string, ctx: AuditContext, id: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: this.deps.clock.now().toISOString() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('API token');
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.api_token.revoke',
        objectType: 'api_token',
        objectId: id,
        outcome: 'success',
      });
    });
  }
}
