/**
 * Server-side sessions: opaque `id.secret` tokens whose secret is stored only as a hash, a CSRF
 * token per session (also hashed), an idle timeout by role (15 minutes for privileged roles), a
 * 12-hour absolute timeout, and revocation that takes effect on the next request.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { equalDigests, sha256Hex } from '../../domain/crypto-random.js';
import { issueToken, parseToken, secretMatches } from './secret-token.js';
import { randomBytes } from 'node:crypto';

export interface SessionTimeouts {
  privilegedIdleMs: number;
  counterIdleMs: number;
  absoluteMs: number;
}

export interface IssuedSession {
  id: string;
  token: string;
  csrfToken: string;
}

export interface ValidSession {
  tenantId: string;
  id: string;
  userId: string;
  mfaVerified: boolean;
  reauthenticatedAt: Date | null;
  csrfHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The device the session was signed in from (its device cookie), when known. */
  deviceId: string | null;
}

/** Last-seen is written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 30_000;

export class SessionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    readonly timeouts: SessionTimeouts,
  ) {}

  async create(
    trx: Kysely<Database>,
    tenantId: string,
    userId: string,
    opts: { mfaVerified: boolean; reauthenticated: boolean; deviceId?: string | undefined },
  ): Promise<IssuedSession> {
    const issued = issueToken();
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await trx
      .insertInto('sessions')
      .values({
        tenant_id: tenantId,
        id: issued.id,
        user_id: userId,
        secret_hash: issued.secretHash,
        csrf_hash: sha256Hex(csrfToken),
        mfa_verified: opts.mfaVerified ? 1 : 0,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        absolute_expires_at: new Date(now.getTime() + this.timeouts.absoluteMs).toISOString(),
        reauthenticated_at: opts.reauthenticated ? now.toISOString() : null,
        revoked_at: null,
        revoked_reason: null,
        device_id: opts.deviceId ?? null,
      })
      .execute();
    return { id: issued.id, token: issued.token, csrfToken };
  }

  /**
   * The session a token names when it is live: right secret, not revoked, not past its absolute
   * or idle limit. `idleMs` depends on the user's roles, so the caller passes a resolver.
   */
  async validate(
    token: string,
    idleMsFor: (s: ValidSession) => Promise<number>,
  ): Promise<ValidSession | null> {
    const parsed = parseToken(token);
    if (parsed === null) return null;
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', parsed.id)
      .executeTakeFirst();
    if (row === undefined || !secretMatches(row.secret_hash, parsed.secret) || row.revoked_at !== null)
      return null;
    const now = this.clock.now().getTime();
    if (new Date(row.absolute_expires_at).getTime() <= now) return null;
    const session: ValidSession = {
      tenantId: row.tenant_id,
      id: row.id,
      userId: row.user_id,
      mfaVerified: row.mfa_verified === 1,
      reauthenticatedAt: row.reauthenticated_at === null ? null : new Date(row.reauthenticated_at),
      csrfHash: row.csrf_hash,
      createdAt: new Date(row.created_at),
      lastSeenAt: new Date(row.last_seen_at),
      deviceId: row.device_id,
    };
    if (session.lastSeenAt.getTime() + (await idleMsFor(session)) <= now) {
      await this.revoke(row.tenant_id, row.id, 'idle_timeout');
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(now).toISOString() })
        .where('tenant_id', '=', row.tenant_id)
        .where('id', '=', row.id)
        .execute();
    return session;
  }

  /** A new CSRF token for a live session (the old one stops working); only its hash is kept. */
  async reissueCsrf(tenantId: string, id: string): Promise<string> {
    const csrfToken = randomBytes(32).toString('base64url');
    await this.db
      .updateTable('sessions')
      .set({ csrf_hash: sha256Hex(csrfToken) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    return csrfToken;
  }

  csrfMatches(session: ValidSession, presented: string): boolean {
    return equalDigests(session.csrfHash, sha256Hex(presented));
  }

  async revoke(
    tenantId: string,
    id: string,
    reason: string,
    trx: Kysely<Database> = this.db,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('sessions')
      .set({ revoked_at: this.clock.now().toISOString(), revoked_reason: reason })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Ends every session of a user at once (disable, password change, MFA reset). */
  async revokeAllFor(
    trx: Kysely<Database>,
    tenantId: string,
    userId: string,
    reason: string,
  ): Promise<number> {
    const result = await trx
      .updateTable('sessions')
      .set({ revoked_at: this.clock.now().toISOString(), revoked_reason: reason })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async listFor(tenantId: string, userId: string) {
    const now = this.clock.now().toISOString();
    return this.db
      .selectFrom('sessions')
      .select(['id', 'created_at', 'last_seen_at', 'absolute_expires_at', 'mfa_verified'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('absolute_expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
  }

  async markReauthenticated(tenantId: string, id: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ reauthenticated_at: this.clock.now().toISOString() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }
}
