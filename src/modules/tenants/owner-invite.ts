/**
 * The owner of a business made by `tijori tenants create`: no account and no password exist until
 * the owner opens a one-time link (an invite for the owner role, tenant-wide) and chooses a
 * password there. The invite is bound to the owner's email through the login index, so a leaked
 * link cannot be redeemed under another address.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { normalizeEmail } from '../../crypto/normalize.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { roleIdByName, seedBuiltinRoles } from '../auth/account.repository.js';
import type { LoginIndexer } from '../auth/auth.types.js';
import { issueToken } from '../auth/secret-token.js';
import type { OwnerCreator, OwnerInput } from '../setup/setup.service.js';

/** How long the owner's setup link stays valid. */
export const OWNER_LINK_TTL_MS = 72 * 3600_000;

/** The one-time link's token and expiry, shown once to the operator. */
export interface OwnerLink {
  token: string;
  expiresAt: string;
}

/**
 * Whether an invite may be redeemed with this email: staff invites (no bound index) take any
 * email; an owner invite only the one it was made for (compared in constant time).
 */
export async function inviteEmailMatches(
  bound: string | null,
  email: string,
  loginIndex: LoginIndexer,
): Promise<boolean> {
  if (bound === null) return true;
  const given = Buffer.from(await loginIndex(normalizeEmail(email)), 'utf8');
  const expected = Buffer.from(bound, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The setup service's owner step for hosted businesses: seeds the business's roles and stores an
 * owner invite instead of an account. `links` receives each link made (keyed by tenant id).
 */
export class OwnerInviteCreator implements OwnerCreator {
  readonly links = new Map<string, OwnerLink>();

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      loginIndex: LoginIndexer;
    },
  ) {}

  /** Outside the transaction: the email's index, refused when an account already signs in with it. */
  async prepareOwner(input: OwnerInput): Promise<string> {
    const index = await this.deps.loginIndex(normalizeEmail(input.email));
    const taken = await this.deps.db
      .selectFrom('user_accounts')
      .select('user_id')
      .where('login_index', '=', index)
      .executeTakeFirst();
    if (taken !== undefined)
      throw new AppError('conflict', 'an account already signs in with this email; give another', 'email');
    return index;
  }

  async createOwner(trx: Kysely<Database>, input: OwnerInput, prepared?: unknown): Promise<string> {
    if (typeof prepared !== 'string') throw new Error('owner invite created without its login index');
    const now = this.deps.clock.now();
    await seedBuiltinRoles(trx, input.tenantId, now.toISOString());
    const roleId = await roleIdByName(trx, input.tenantId, 'owner');
    if (roleId === undefined) throw new Error('the owner role was not seeded');
    const issued = issueToken('tji_');
    const expiresAt = new Date(now.getTime() + OWNER_LINK_TTL_MS).toISOString();
    await trx
      .insertInto('invites')
      .values({
        tenant_id: input.tenantId,
        id: issued.id,
        token_hash: issued.secretHash,
        role_id: roleId,
        store_id: '*',
        created_by: 'operator',
        expires_at: expiresAt,
        used_at: null,
        created_at: now.toISOString(),
        login_index: prepared,
      })
      .execute();
    await this.deps.audit.record(
      trx,
      { tenantId: input.tenantId, actor: { type: 'system', id: 'operator' }, source: 'cli tenants create' },
      {
        action: 'user.invite',
        objectType: 'invite',
        objectId: issued.id,
        outcome: 'success',
        details: { role: 'owner' },
      },
    );
    this.links.set(input.tenantId, { token: issued.token, expiresAt });
    return issued.id;
  }
}
