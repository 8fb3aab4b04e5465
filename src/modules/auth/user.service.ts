/**
 * Accounts: the owner created at setup, staff accounts (invites: invite.service.ts), role grants per
 * store, and disabling, which ends every session of the user at once. Emails and names are
 * encrypted (purpose `staff_pii`); the login index finds the account at sign-in.
 */
import type { Kysely } from 'kysely';
import { inTransaction } from '../../db/in-transaction.js';
import type { Database } from '../../db/schema.js';
import { normalizeEmail } from '../../crypto/normalize.js';
import { AppError, notFound } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';
import { systemContext, type AuditContext } from '../../kernel/audit.js';
import type { OwnerCreator, OwnerInput } from '../setup/setup.service.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { AuthDeps } from './auth.types.js';
import { roleIdByName, seedBuiltinRoles } from './account.repository.js';
import { enforcePasswordPolicy } from './password.service.js';

export interface NewAccount {
  tenantId: string;
  email: string;
  displayName: string;
  password: string;
  /** Role names with the store they apply to (`*` tenant-wide). */
  grants: ReadonlyArray<{ role: string; storeId: string }>;
  /** Extra context words for the password check (the shop's name). */
  contextWords?: readonly string[];
  status?: 'active' | 'invited' | 'disabled';
}

/** An account ready to insert: checked, indexed, encrypted and hashed. */
export interface PreparedAccount {
  input: NewAccount;
  userId: string;
  loginIndex: string;
  emailEnc: string;
  nameEnc: string;
  passwordHash: string;
}

function isPreparedFor(value: unknown, tenantId: string): value is PreparedAccount {
  return (
    typeof value === 'object' && value !== null && (value as PreparedAccount).input?.tenantId === tenantId
  );
}

export class UserService implements OwnerCreator {
  constructor(private readonly deps: AuthDeps) {}

  /**
   * Everything about a new account that needs its own connection or much CPU: the policy check,
   * the login index, encryption (which may create the tenant's key) and the hash. Runs before the
   * transaction that inserts the account (SQLite has one connection).
   */
  async prepareAccount(input: NewAccount): Promise<PreparedAccount> {
    const email = normalizeEmail(input.email);
    const loginIndex = await this.deps.loginIndex(email);
    const userId = newId();
    await enforcePasswordPolicy(
      this.deps,
      this.deps.db,
      {
        tenantId: input.tenantId,
        userId,
        hasMfa: false,
        contextWords: [email, input.displayName, ...(input.contextWords ?? [])],
      },
      input.password,
      'password',
    );
    const ref = (column: string) => ({
      tenantId: input.tenantId,
      table: 'user_accounts',
      column,
      rowId: userId,
    });
    return {
      input,
      userId,
      loginIndex,
      emailEnc: await this.deps.cipher.encrypt('staff_pii', ref('email_enc'), email),
      nameEnc: await this.deps.cipher.encrypt('staff_pii', ref('name_enc'), input.displayName),
      passwordHash: await this.deps.hasher.hash(input.password),
    };
  }

  /** Inserts a prepared account with its role grants inside `trx`. */
  async insertAccount(trx: Kysely<Database>, prepared: PreparedAccount): Promise<string> {
    const { input, userId } = prepared;
    const taken = await trx
      .selectFrom('user_accounts')
      .select('user_id')
      .where('login_index', '=', prepared.loginIndex)
      .executeTakeFirst();
    if (taken !== undefined)
      throw new AppError('conflict', 'an account with this email already exists', 'email');
    const now = this.deps.clock.now().toISOString();
    await trx
      .insertInto('users')
      .values({
        tenant_id: input.tenantId,
        id: userId,
        status: input.status ?? 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('user_accounts')
      .values({
        tenant_id: input.tenantId,
        user_id: userId,
        login_index: prepared.loginIndex,
        email_enc: prepared.emailEnc,
        name_enc: prepared.nameEnc,
        password_hash: prepared.passwordHash,
        password_changed_at: now,
        created_at: now,
      })
      .execute();
    await trx
      .insertInto('password_history')
      .values({
        tenant_id: input.tenantId,
        id: newId(),
        user_id: userId,
        password_hash: prepared.passwordHash,
        created_at: now,
      })
      .execute();
    for (const grant of input.grants)
      await this.grant(trx, input.tenantId, userId, grant.role, grant.storeId);
    return userId;
  }

  /** Prepares and inserts an account in its own transaction (recorded; `ctx`: who asked). */
  async createAccount(input: NewAccount, ctx?: AuditContext): Promise<string> {
    const prepared = await this.prepareAccount(input);
    return this.deps.db.transaction().execute(async (trx) => {
      const userId = await this.insertAccount(trx, prepared);
      await this.deps.audit.record(trx, ctx ?? systemContext(input.tenantId, 'accounts', 'internal'), {
        action: 'user.create',
        objectType: 'user',
        objectId: userId,
        outcome: 'success',
        details: { roles: input.grants.map((g) => g.role), status: input.status ?? 'active' },
      });
      return userId;
    });
  }

  async grant(
    trx: Kysely<Database>,
    tenantId: string,
    userId: string,
    role: string,
    storeId: string,
  ): Promise<void> {
    const roleId = await roleIdByName(trx, tenantId, role);
    if (roleId === undefined) throw new AppError('validation_failed', 'unknown role', 'role');
    await trx
      .insertInto('user_roles')
      .values({ tenant_id: tenantId, user_id: userId, role_id: roleId, store_id: storeId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  /** OwnerCreator, first step (outside the setup transaction). */
  async prepareOwner(input: OwnerInput): Promise<PreparedAccount> {
    return this.prepareAccount(this.ownerAccount(input));
  }

  /** OwnerCreator: seeds the tenant's roles, then the owner with the owner role tenant-wide. */
  async createOwner(trx: Kysely<Database>, input: OwnerInput, prepared?: unknown): Promise<string> {
    await seedBuiltinRoles(trx, input.tenantId, this.deps.clock.now().toISOString());
    const ready = isPreparedFor(prepared, input.tenantId)
      ? prepared
      : await this.prepareAccount(this.ownerAccount(input));
    const userId = await this.insertAccount(trx, ready);
    await this.deps.audit.record(
      trx,
      { tenantId: input.tenantId, actor: { type: 'system', id: 'setup' }, source: 'setup' },
      {
        action: 'user.create',
        objectType: 'user',
        objectId: userId,
        outcome: 'success',
        details: { role: 'owner' },
      },
    );
    return userId;
  }

  private ownerAccount(input: OwnerInput): NewAccount {
    return {
      tenantId: input.tenantId,
      email: input.email,
      displayName: input.displayName,
      password: input.password,
      grants: [{ role: 'owner', storeId: '*' }],
      contextWords: [input.businessName],
    };
  }

  /**
   * Disables a user and ends all their sessions and API tokens in one transaction (the caller's,
   * when given: an incident's containment records itself in the same one).
   */
  async disableUser(
    actor: Pick<AccessContext, 'tenantId'>,
    ctx: AuditContext,
    userId: string,
    within: Kysely<Database> = this.deps.db,
  ): Promise<void> {
    await inTransaction(within, async (trx) => {
      const result = await trx
        .updateTable('users')
        .set({ status: 'disabled', updated_at: this.deps.clock.now().toISOString() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', userId)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('user');
      const ended = await this.deps.sessions.revokeAllFor(trx, actor.tenantId, userId, 'user_disabled');
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: this.deps.clock.now().toISOString() })
        .where('tenant_id', '=', actor.tenantId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'user.disable',
        objectType: 'user',
        objectId: userId,
        outcome: 'success',
        details: { sessionsEnded: ended },
      });
    });
  }

  /** Ends one of the caller's own sessions (404 for any session that is not theirs). */
  async revokeOwnSession(actor: AccessContext, ctx: AuditContext, sessionId: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('sessions')
        .set({ revoked_at: this.deps.clock.now().toISOString(), revoked_reason: 'revoked_by_user' })
        .where('tenant_id', '=', actor.tenantId)
        .where('user_id', '=', actor.userId)
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('session');
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.session.revoke',
        objectType: 'session',
        objectId: sessionId,
        outcome: 'success',
      });
    });
  }

  /** Ends every session of a user of the actor's tenant (404 for any other id). */
  async revokeSessions(
    actor: Pick<AccessContext, 'tenantId'>,
    ctx: AuditContext,
    userId: string,
    within: Kysely<Database> = this.deps.db,
  ): Promise<number> {
    return inTransaction(within, async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', userId)
        .executeTakeFirst();
      if (user === undefined) throw notFound('user');
      const ended = await this.deps.sessions.revokeAllFor(trx, actor.tenantId, userId, 'revoked_by_admin');
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.session.revoke',
        objectType: 'user',
        objectId: userId,
        outcome: 'success',
        details: { sessionsEnded: ended },
      });
      return ended;
    });
  }
}
