/**
 * Passkeys (WebAuthn, @simplewebauthn/server): registered by a signed-in user after step-up,
 * used as the second factor after a password, or alone for passwordless sign-in (user
 * verification required, so the passkey is itself multi-factor). Challenges are single-use rows
 * that expire in 5 minutes; the signature counter is checked and advanced.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AppError } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';
import type { AccessContext } from '../../kernel/access-context.js';
import { INSTALLATION_CHAIN, type AuditContext } from '../../kernel/audit.js';
import { sha256Hex } from '../../domain/crypto-random.js';
import { recordLoginAttempt } from './login-attempts.js';
import type { AuthDeps } from './auth.types.js';
import type { IssuedSession } from './session.service.js';

const CHALLENGE_TTL_MS = 5 * 60_000;

export interface RelyingParty {
  /** The host name of the public URL. */
  rpID: string;
  /** The public URL's origin. */
  origin: string;
  name: string;
}

/**
 * Where the relying party comes from: the public URL when one is configured, otherwise the
 * origin the browser is on, accepted only for the shop's configured host names (so a default
 * install at https://shop-pc:8443 has passkeys, and no other site can borrow the ceremony).
 */
export interface RelyingPartySource {
  readonly fixed?: RelyingParty;
  /** Host names browsers may use to reach Tijori, lower case (used when `fixed` is unset). */
  readonly hostNames: readonly string[];
}

/**
 * The relying party for a request from `origin` (the browser's Origin header): the fixed one, or
 * the origin itself when its host is one of the configured names. WebAuthn needs a secure
 * context, so the origin is https, or http only on localhost.
 */
export function relyingPartyFor(source: RelyingPartySource, origin: string | undefined): RelyingParty {
  if (source.fixed !== undefined) return source.fixed;
  let url: URL | null = null;
  try {
    url = origin === undefined ? null : new URL(origin);
  } catch {
    url = null;
  }
  const secure =
    url !== null && (url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost'));
  if (url === null || !secure || !source.hostNames.includes(url.hostname.toLowerCase()))
    throw new AppError(
      'unavailable',
      'passkeys work only at the addresses this shop configured (TIJORI_HOST_NAMES or TIJORI_PUBLIC_URL)',
    );
  return { rpID: url.hostname.toLowerCase(), origin: url.origin, name: 'Tijori' };
}

type Purpose = 'register' | 'second_factor' | 'passwordless';

export class PasskeyService {
  constructor(
    private readonly deps: AuthDeps,
    private readonly rp: RelyingPartySource,
  ) {}

  /** `origin`: the Origin header of the request (the browser's page). */
  private relyingParty(origin: string | undefined): RelyingParty {
    return relyingPartyFor(this.rp, origin);
  }

  async registrationOptions(auth: AccessContext, origin: string | undefined) {
    const rp = this.relyingParty(origin);
    const existing = await this.credentialsOf(auth.tenantId, auth.userId);
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.rpID,
      // The account id, not the email: no personal data handed to the authenticator.
      userName: `tijori-${auth.userId.slice(0, 8)}`,
      userID: new TextEncoder().encode(auth.userId),
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.credential_id })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const challengeId = await this.saveChallenge('register', options.challenge, auth.tenantId, auth.userId);
    return { challengeId, options };
  }

  async register(
    auth: AccessContext,
    ctx: AuditContext,
    challengeId: string,
    response: RegistrationResponseJSON,
    origin: string | undefined,
  ) {
    const rp = this.relyingParty(origin);
    const challenge = await this.takeChallenge(challengeId, 'register', auth.userId);
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    }).catch(() => ({ verified: false as const }));
    if (!result.verified) throw new AppError('unauthenticated', 'the passkey could not be verified');
    const cred = result.registrationInfo.credential;
    const id = newId();
    const session = await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webauthn_credentials')
        .values({
          tenant_id: auth.tenantId,
          id,
          user_id: auth.userId,
          credential_id: cred.id,
          public_key: Buffer.from(cred.publicKey).toString('base64url'),
          counter: cred.counter,
          transports: JSON.stringify(cred.transports ?? []),
          created_at: this.deps.clock.now().toISOString(),
        })
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.mfa.enroll',
        objectType: 'user',
        objectId: auth.userId,
        outcome: 'success',
        details: { factor: 'passkey' },
      });
      if (auth.sessionId !== undefined)
        await this.deps.sessions.revoke(auth.tenantId, auth.sessionId, 'mfa_enrolled', trx);
      return this.deps.sessions.create(trx, auth.tenantId, auth.userId, {
        mfaVerified: true,
        reauthenticated: true,
        deviceId: auth.actor.deviceId,
      });
    });
    return { id, session };
  }

  /** Options for a passkey assertion: for the signed-in user (second factor) or anyone (passwordless). */
  async authenticationOptions(origin: string | undefined, auth?: AccessContext) {
    const rp = this.relyingParty(origin);
    const allow = auth === undefined ? [] : await this.credentialsOf(auth.tenantId, auth.userId);
    const options = await generateAuthenticationOptions({
      rpID: rp.rpID,
      userVerification: 'required',
      allowCredentials: allow.map((c) => ({ id: c.credential_id })),
    });
    const challengeId = await this.saveChallenge(
      auth === undefined ? 'passwordless' : 'second_factor',
      options.challenge,
      auth?.tenantId ?? null,
      auth?.userId ?? null,
    );
    return { challengeId, options };
  }

  /**
   * Verifies an assertion. With `auth` it must be one of that user's passkeys (second factor);
   * without, any registered passkey signs its owner in. Returns the user it proved.
   */
  async verifyAssertion(
    challengeId: string,
    response: AuthenticationResponseJSON,
    origin: string | undefined,
    auth?: AccessContext,
  ): Promise<{ tenantId: string; userId: string }> {
    const rp = this.relyingParty(origin);
    const challenge = await this.takeChallenge(
      challengeId,
      auth === undefined ? 'passwordless' : 'second_factor',
      auth?.userId ?? null,
    );
    const row = await this.deps.db
      .selectFrom('webauthn_credentials')
      .selectAll()
      .where('credential_id', '=', response.id)
      .executeTakeFirst();
    const fail = new AppError('unauthenticated', 'the passkey could not be verified');
    if (
      row === undefined ||
      (auth !== undefined && (row.tenant_id !== auth.tenantId || row.user_id !== auth.userId))
    )
      throw fail;
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: {
        id: row.credential_id,
        publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')),
        counter: Number(row.counter),
      },
    }).catch(() => ({ verified: false as const }));
    if (!result.verified) throw fail;
    // A counter that does not advance (when the authenticator keeps one) suggests a cloned key.
    const next = result.authenticationInfo.newCounter;
    const moved = await this.deps.db
      .updateTable('webauthn_credentials')
      .set({ counter: next })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('counter', '=', row.counter)
      .executeTakeFirst();
    if (moved.numUpdatedRows === 0n) throw fail;
    return { tenantId: row.tenant_id, userId: row.user_id };
  }

  /** The second step after a password: a passkey of this user; the session is replaced. */
  async verifySecondFactor(
    auth: AccessContext,
    ctx: AuditContext,
    challengeId: string,
    response: AuthenticationResponseJSON,
    origin: string | undefined,
  ): Promise<IssuedSession> {
    try {
      await this.verifyAssertion(challengeId, response, origin, auth);
    } catch (error) {
      await this.deps.audit.record(this.deps.db, ctx, {
        action: 'auth.mfa.verify',
        objectType: 'user',
        objectId: auth.userId,
        outcome: 'failure',
        details: { factor: 'passkey' },
      });
      throw error;
    }
    return this.deps.db.transaction().execute(async (trx) => {
      if (auth.sessionId !== undefined)
        await this.deps.sessions.revoke(auth.tenantId, auth.sessionId, 'mfa_passed', trx);
      const session = await this.deps.sessions.create(trx, auth.tenantId, auth.userId, {
        mfaVerified: true,
        reauthenticated: true,
        deviceId: auth.actor.deviceId,
      });
      await this.deps.audit.record(trx, ctx, {
        action: 'auth.mfa.verify',
        objectType: 'user',
        objectId: auth.userId,
        outcome: 'success',
        details: { factor: 'passkey' },
      });
      return session;
    });
  }

  /** Passwordless sign-in: a new MFA-verified session for an active user. */
  async signIn(
    challengeId: string,
    response: AuthenticationResponseJSON,
    ip: string,
    origin: string | undefined,
  ): Promise<IssuedSession> {
    const publicContext = (tenantId: string): AuditContext => ({
      tenantId,
      actor: { type: 'public', id: null },
      source: `http ${ip}`,
    });
    let who: { tenantId: string; userId: string };
    try {
      who = await this.verifyAssertion(challengeId, response, origin);
    } catch (error) {
      // Every attempt is logged; a passkey that matches no account is known only by its id's hash.
      await recordLoginAttempt(this.deps.db, this.deps.clock, {
        accountKey: `passkey:${sha256Hex(String(response.id)).slice(0, 32)}`,
        tenantId: null,
        userId: null,
        ip,
        outcome: 'failure',
        reason: 'bad_passkey',
      });
      await this.deps.audit.record(this.deps.db, publicContext(INSTALLATION_CHAIN), {
        action: 'auth.login',
        objectType: 'user',
        objectId: null,
        outcome: 'failure',
        details: { factor: 'passkey', reason: 'bad_passkey' },
      });
      throw error;
    }
    const user = await this.deps.db
      .selectFrom('users as u')
      .innerJoin('user_accounts as a', (j) =>
        j.onRef('a.tenant_id', '=', 'u.tenant_id').onRef('a.user_id', '=', 'u.id'),
      )
      .select(['u.status', 'a.login_index'])
      .where('u.tenant_id', '=', who.tenantId)
      .where('u.id', '=', who.userId)
      .executeTakeFirst();
    const attempt = (outcome: 'success' | 'failure', reason: string) =>
      recordLoginAttempt(this.deps.db, this.deps.clock, {
        accountKey: user?.login_index ?? `passkey:${who.userId}`,
        tenantId: who.tenantId,
        userId: who.userId,
        ip,
        outcome,
        reason,
      });
    if (user?.status !== 'active') {
      await attempt('failure', 'disabled');
      throw new AppError('unauthenticated', 'the passkey could not be verified');
    }
    await attempt('success', 'ok_passkey');
    return this.deps.db.transaction().execute(async (trx) => {
      const session = await this.deps.sessions.create(trx, who.tenantId, who.userId, {
        mfaVerified: true,
        reauthenticated: true,
      });
      await this.deps.audit.record(trx, publicContext(who.tenantId), {
        action: 'auth.login',
        objectType: 'user',
        objectId: who.userId,
        outcome: 'success',
        details: { factor: 'passkey' },
      });
      return session;
    });
  }

  private async credentialsOf(tenantId: string, userId: string) {
    return this.deps.db
      .selectFrom('webauthn_credentials')
      .select(['credential_id'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
  }

  private async saveChallenge(
    purpose: Purpose,
    challenge: string,
    tenantId: string | null,
    userId: string | null,
  ) {
    const id = newId();
    const now = this.deps.clock.now();
    await this.deps.db
      .deleteFrom('webauthn_challenges')
      .where('expires_at', '<', now.toISOString())
      .execute();
    await this.deps.db
      .insertInto('webauthn_challenges')
      .values({
        id,
        tenant_id: tenantId,
        user_id: userId,
        purpose,
        challenge,
        expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString(),
      })
      .execute();
    return id;
  }

  /** Deletes and returns a live challenge: each is usable once. */
  private async takeChallenge(id: string, purpose: Purpose, userId: string | null): Promise<string> {
    const row = await this.deps.db
      .selectFrom('webauthn_challenges')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    const deleted = await this.deps.db
      .deleteFrom('webauthn_challenges')
      .where('id', '=', id)
      .executeTakeFirst();
    if (
      row === undefined ||
      deleted.numDeletedRows === 0n ||
      row.purpose !== purpose ||
      row.user_id !== userId ||
      row.expires_at <= this.deps.clock.now().toISOString()
    )
      throw new AppError('unauthenticated', 'the passkey challenge expired; try again');
    return row.challenge;
  }
}
