/**
 * Roles and grants: custom roles made of catalogue permissions, role grants per store, and the
 * shop's sign-in settings. A change to someone's roles ends their sessions (a privilege change
 * gets a new token). Nobody can grant what they do not hold, or change the built-in roles.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { AuditContext } from '../../kernel/audit.js';
import { roleIdByName, tenantAuthSettings, type TenantAuthSettings } from './account.repository.js';
import type { AuthDeps } from './auth.types.js';
import { isPermission } from './permissions.js';

export interface AuthSettingsInput {
  minPasswordLength: number;
  pciMode: boolean;
  counterIdleMinutes: number;
}

export class RoleService {
  constructor(private readonly deps: AuthDeps) {}

  async list(auth: AccessContext) {
    const rows = await this.deps.db
      .selectFrom('roles as r')
      .leftJoin('role_permissions as p', (j) =>
        j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.role_id', '=', 'r.id'),
      )
      .select(['r.id', 'r.name', 'r.builtin', 'p.permission'])
      .where('r.tenant_id', '=', auth.tenantId)
      .execute();
    const roles = new Map<string, { id: string; name: string; builtin: boolean; permissions: string[] }>();
    for (const row of rows) {
      const role = roles.get(row.id) ?? {
        id: row.id,
        name: row.name,
        builtin: row.builtin === 1,
        permissions: [],
      };
      if (row.permission !== null) role.permissions.push(row.permission);
      roles.set(row.id, role);
    }
    return [...roles.values()];
  }

  async createRole(
    auth: AccessContext,
    ctx: AuditContext,
    name: string,
    permissions: readonly string[],
  ): Promise<string> {
    for (const p of permissions) {
      if (!isPermission(p)) throw new AppError('validation_failed', 'unknown permission', 'permissions');
      if (!auth.permissions.has(p))
        throw new AppError('forbidden', 'you cannot grant a permission you do not hold');
    }
    if ((await roleIdByName(this.deps.db, auth.tenantId, name)) !== undefined)
      throw new AppError('conflict', 'a role with this name exists', 'name');
    const id = newId();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('roles')
        .values({
          tenant_id: auth.tenantId,
          id,
          name,
          builtin: 0,
          created_at: this.deps.clock.now().toISOString(),
        })
        .execute();
      if (permissions.length > 0)
        await trx
          .insertInto('role_permissions')
          .values(permissions.map((permission) => ({ tenant_id: auth.tenantId, role_id: id, permission })))
          .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'role.create',
        objectType: 'role',
        objectId: id,
        outcome: 'success',
        details: { permissions: [...permissions] },
      });
    });
    return id;
  }

  /** Grants or removes a role for a user in a store (`*` tenant-wide); ends the user's sessions. */
  async setGrant(
    auth: AccessContext,
    ctx: AuditContext,
    input: { userId: string; role: string; storeId: string; granted: boolean },
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', auth.tenantId)
        .where('id', '=', input.userId)
        .executeTakeFirst();
      if (user === undefined) throw notFound('user');
      if (input.storeId !== '*') {
        const store = await trx
          .selectFrom('stores')
          .select('id')
          .where('tenant_id', '=', auth.tenantId)
          .where('id', '=', input.storeId)
          .executeTakeFirst();
        if (store === undefined || (auth.storeIds !== 'all' && !auth.storeIds.has(input.storeId)))
          throw notFound('store');
      } else if (auth.storeIds !== 'all')
        throw new AppError('forbidden', 'only a tenant-wide user may grant tenant-wide');
      const roleId = await roleIdByName(trx, auth.tenantId, input.role);
      if (roleId === undefined) throw new AppError('validation_failed', 'unknown role', 'role');
      if (input.role === 'owner' && !auth.roles.includes('owner'))
        throw new AppError('forbidden', 'only an owner may grant or remove the owner role');
      const perms = await trx
        .selectFrom('role_permissions')
        .select('permission')
        .where('tenant_id', '=', auth.tenantId)
        .where('role_id', '=', roleId)
        .execute();
      if (perms.some((p) => !auth.permissions.has(p.permission)))
        throw new AppError('forbidden', 'you cannot grant a role with permissions you do not hold');
      if (!input.granted) {
        await this.revokeGrant(trx, ctx, {
          userId: input.userId,
          roleId,
          role: input.role,
          storeId: input.storeId,
        });
        return;
      }
      await trx
        .insertInto('user_roles')
        .values({
          tenant_id: auth.tenantId,
          user_id: input.userId,
          role_id: roleId,
          store_id: input.storeId,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const ended = await this.deps.sessions.revokeAllFor(
        trx,
        auth.tenantId,
        input.userId,
        'privilege_change',
      );
      await this.deps.audit.record(trx, ctx, {
        action: 'user.role.grant',
        objectType: 'user',
        objectId: input.userId,
        outcome: 'success',
        details: { role: input.role, store: input.storeId, sessionsEnded: ended },
      });
    });
  }

  /**
   * Removes one grant inside the caller's transaction, for a caller authorised elsewhere (the role
   * routes above, an access review). Ends the user's sessions: a session's permissions come from
   * all of the user's grants, so every live session depended on this one, and a privilege change
   * gets a new token (ASVS 7.2.4). API tokens need nothing: their scopes are cut to the user's
   * grants on every request. Recorded as `user.role.revoke`.
   */
  async revokeGrant(
    trx: Kysely<Database>,
    ctx: AuditContext,
    grant: { userId: string; roleId: string; role: string; storeId: string; reason?: string },
  ): Promise<{ removed: boolean; sessionsEnded: number }> {
    const deleted = await trx
      .deleteFrom('user_roles')
      .where('tenant_id', '=', ctx.tenantId)
      .where('user_id', '=', grant.userId)
      .where('role_id', '=', grant.roleId)
      .where('store_id', '=', grant.storeId)
      .executeTakeFirst();
    const sessionsEnded = await this.deps.sessions.revokeAllFor(
      trx,
      ctx.tenantId,
      grant.userId,
      grant.reason ?? 'privilege_change',
    );
    await this.deps.audit.record(trx, ctx, {
      action: 'user.role.revoke',
      objectType: 'user',
      objectId: grant.userId,
      outcome: 'success',
      details: {
        role: grant.role,
        store: grant.storeId,
        sessionsEnded,
        ...(grant.reason === undefined ? {} : { reason: grant.reason }),
      },
    });
    return { removed: deleted.numDeletedRows > 0n, sessionsEnded };
  }

  /** The shop's current sign-in settings (a null idle timeout: the installation's default). */
  async settings(auth: AccessContext): Promise<TenantAuthSettings> {
    return tenantAuthSettings(this.deps.db, auth.tenantId);
  }

  /** The shop's sign-in settings: a higher minimum length, PCI DSS mode, counter idle timeout. */
  async updateSettings(auth: AccessContext, ctx: AuditContext, input: AuthSettingsInput): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      const values = {
        min_password_length: input.minPasswordLength,
        pci_mode: input.pciMode ? 1 : 0,
        counter_idle_minutes: input.counterIdleMinutes,
        updated_at: now,
      };
      await trx
        .insertInto('tenant_auth_settings')
        .values({ tenant_id: auth.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'settings.auth.update',
        objectType: 'tenant',
        objectId: auth.tenantId,
        outcome: 'success',
        details: {
          minPasswordLength: input.minPasswordLength,
          pciMode: input.pciMode,
          counterIdleMinutes: input.counterIdleMinutes,
        },
      });
    });
  }
}
