/**
 * Read views of people for the web app: the caller's own profile (name, masked email, second
 * factors) and the staff directory for user managers (names, masked emails, roles per store,
 * status, MFA status, last activity). Emails are shown masked: the directory is for managing
 * accounts, not for contacting people. Every query is scoped to the caller's tenant.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, notFound } from '../../domain/app-error.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import { requiresMfa } from './account.repository.js';
import type { DirectoryEntry, Profile, StoreView } from './directory.types.js';
import { maskEmail } from './masking.js';

/** Permissions whose screens show who did what, and so may read staff names. */
export const NAME_READERS = [
  'audit.read',
  'monitoring.read',
  'incident.manage',
  'user.manage',
  'privacy.manage',
];

export interface NameView {
  id: string;
  name: string;
}

export class DirectoryService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
  ) {}

  /** The caller's own profile. */
  async profile(auth: AccessContext): Promise<Profile> {
    const [entry] = await this.entries(auth.tenantId, auth.userId);
    if (entry === undefined) throw notFound('user');
    const tenant = await this.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', auth.tenantId)
      .executeTakeFirstOrThrow();
    return {
      userId: auth.userId,
      tenantId: auth.tenantId,
      tenantName: tenant.name,
      displayName: entry.displayName,
      emailMasked: entry.emailMasked,
      roles: [...auth.roles],
      permissions: [...auth.permissions].sort(),
      mfaSatisfied: auth.mfaSatisfied,
      mfaRequired: requiresMfa(auth.roles),
      factors: entry.factors,
    };
  }

  /** Every account of the caller's tenant, oldest first. */
  async listUsers(auth: AccessContext): Promise<DirectoryEntry[]> {
    return this.entries(auth.tenantId);
  }

  /**
   * The names of the tenant's staff and its stores, by id, for screens that show who did what
   * (audit trail, alerts, incidents): people read names, not ids. Needs one of the permissions in
   * `NAME_READERS`; names only, no email or role.
   */
  async names(auth: AccessContext): Promise<{ people: NameView[]; stores: NameView[] }> {
    if (!NAME_READERS.some((p) => auth.permissions.has(p)))
      throw new AppError('forbidden', 'your role does not allow this');
    const users = await this.db
      .selectFrom('user_accounts')
      .select(['user_id', 'name_enc'])
      .where('tenant_id', '=', auth.tenantId)
      .orderBy('user_id')
      .execute();
    const people: NameView[] = [];
    for (const u of users) {
      const ref = { tenantId: auth.tenantId, table: 'user_accounts', column: 'name_enc', rowId: u.user_id };
      people.push({ id: u.user_id, name: await this.cipher.decrypt(ref, u.name_enc) });
    }
    const stores = await this.db
      .selectFrom('stores')
      .select(['id', 'name'])
      .where('tenant_id', '=', auth.tenantId)
      .orderBy('created_at')
      .execute();
    return { people, stores: stores.map((s) => ({ id: s.id, name: s.name })) };
  }

  /** The stores the caller may act in (all of the tenant's for tenant-wide roles). */
  async listStores(auth: AccessContext): Promise<StoreView[]> {
    const rows = await this.db
      .selectFrom('stores')
      .select(['id', 'name', 'state_code', 'gstin'])
      .where('tenant_id', '=', auth.tenantId)
      .orderBy('created_at')
      .execute();
    return rows
      .filter((r) => auth.storeIds === 'all' || auth.storeIds.has(r.id))
      .map((r) => ({ id: r.id, name: r.name, stateCode: r.state_code, gstin: r.gstin }));
  }

  private async entries(tenantId: string, onlyUserId?: string): Promise<DirectoryEntry[]> {
    let query = this.db
      .selectFrom('users as u')
      .innerJoin('user_accounts as a', (j) =>
        j.onRef('a.tenant_id', '=', 'u.tenant_id').onRef('a.user_id', '=', 'u.id'),
      )
      .select(['u.id', 'u.status', 'u.created_at', 'a.email_enc', 'a.name_enc'])
      .where('u.tenant_id', '=', tenantId)
      .orderBy('u.created_at');
    if (onlyUserId !== undefined) query = query.where('u.id', '=', onlyUserId);
    const users = await query.execute();
    const ids = users.map((u) => u.id);
    if (ids.length === 0) return [];
    const [grants, totp, passkeys, activity] = await Promise.all([
      this.db
        .selectFrom('user_roles as ur')
        .innerJoin('roles as r', (j) =>
          j.onRef('r.tenant_id', '=', 'ur.tenant_id').onRef('r.id', '=', 'ur.role_id'),
        )
        .select(['ur.user_id', 'r.name', 'ur.store_id'])
        .where('ur.tenant_id', '=', tenantId)
        .where('ur.user_id', 'in', ids)
        .orderBy('r.name')
        .execute(),
      this.db
        .selectFrom('totp_secrets')
        .select('user_id')
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .where('confirmed_at', 'is not', null)
        .execute(),
      this.db
        .selectFrom('webauthn_credentials')
        .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .groupBy('user_id')
        .execute(),
      this.db
        .selectFrom('sessions')
        .select(['user_id', (eb) => eb.fn.max('last_seen_at').as('last')])
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .groupBy('user_id')
        .execute(),
    ]);
    const withTotp = new Set(totp.map((t) => t.user_id));
    const keyCount = new Map(passkeys.map((p) => [p.user_id, Number(p.n)]));
    const lastSeen = new Map(activity.map((s) => [s.user_id, s.last]));
    const ref = (userId: string, column: string) => ({
      tenantId,
      table: 'user_accounts',
      column,
      rowId: userId,
    });
    const entries: DirectoryEntry[] = [];
    for (const u of users) {
      const userGrants = grants
        .filter((g) => g.user_id === u.id)
        .map((g) => ({ role: g.name, storeId: g.store_id }));
      entries.push({
        userId: u.id,
        displayName: await this.cipher.decrypt(ref(u.id, 'name_enc'), u.name_enc),
        emailMasked: maskEmail(await this.cipher.decrypt(ref(u.id, 'email_enc'), u.email_enc)),
        status: u.status,
        grants: userGrants,
        factors: { totp: withTotp.has(u.id), passkeys: keyCount.get(u.id) ?? 0 },
        mfaRequired: requiresMfa(userGrants.map((g) => g.role)),
        createdAt: u.created_at,
        lastActiveAt: lastSeen.get(u.id) ?? null,
      });
    }
    return entries;
  }
}
