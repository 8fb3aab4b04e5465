/**
 * The public request page's side: anyone may ask, for a shop, to see, export, correct or erase
 * what it holds about them. The answer never says whether the phone or email belongs to a
 * customer: every submission gets a reference and a token and the same words, a code goes (after
 * the answer, so timing says nothing either) only to a contact that is on record, and codes are
 * checked the same way for requests that match nobody. Submissions and guesses are rate limited
 * per network in the database (shared by every instance). A verified requester follows the
 * request with the token and downloads an export package whose password goes to their contact on
 * record, apart from the file (ADR 0062).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Logger } from '../../logging/logger.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { LoginThrottle, ThrottleRule } from '../auth/login-throttle.js';
import { sourceNetwork } from '../auth/login-throttle.js';
import type { Law } from './deadlines.js';
import type { ExportService } from './export.service.js';
import type { OtpService } from './otp.service.js';
import { addEvent, findByReference, type RequestKind, type RequestRow } from './request.repository.js';
import type { RequestService } from './requests.service.js';

/** Ten submissions or code checks per network, then growing waits up to an hour. */
export const publicRule: ThrottleRule = { freeAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 3600_000 };

export type Contact = { email: string } | { phone: string };

export interface PublicCaller {
  tenantId: string;
  ip: string;
  requestId: string;
}

export interface PublicDeps {
  db: Kysely<Database>;
  clock: Clock;
  requests: RequestService;
  otp: OtpService;
  exports: ExportService;
  throttle: LoginThrottle;
  logger: Logger;
  /** Customers whose contact on record is exactly this one (decrypted candidates). */
  findCustomers: (tenantId: string, contact: Contact) => Promise<string[]>;
}

export interface Submitted {
  reference: string;
  /** Keep it: it is needed to enter the code and to follow the request. */
  requestToken: string;
  message: string;
}

const SAME_ANSWER =
  'If this contact is on record with the shop, a 6-digit code is on its way to it. Enter it to confirm the request.';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class PublicRequestService {
  constructor(private readonly deps: PublicDeps) {}

  private actor(caller: PublicCaller): ServiceActor {
    return {
      tenantId: caller.tenantId,
      audit: {
        tenantId: caller.tenantId,
        actor: { type: 'public', id: null },
        requestId: caller.requestId,
        source: `http ${caller.ip}`,
      },
      userId: null,
    };
  }

  private async throttle(caller: PublicCaller): Promise<void> {
    const slot = await this.deps.throttle.reserve(`dsr:${sourceNetwork(caller.ip)}`, publicRule);
    if (!slot.allowed)
      throw new AppError(
        'rate_limited',
        'too many privacy requests from this network; try again later',
        undefined,
        {
          retryAfterSeconds: Math.ceil(slot.retryAfterMs / 1000),
        },
      );
  }

  async submit(
    caller: PublicCaller,
    input: { kind: RequestKind; law?: Law; contact: Contact },
  ): Promise<Submitted> {
    await this.requireShop(caller.tenantId);
    await this.throttle(caller);
    const matches = await this.deps.findCustomers(caller.tenantId, input.contact).catch(() => [] as string[]);
    const customerId = matches[0] ?? null;
    const requestToken = randomBytes(32).toString('base64url');
    const view = await this.deps.requests.create(
      this.actor(caller),
      { kind: input.kind, ...(input.law ? { law: input.law } : {}), channel: 'public_page', customerId },
      tokenHash(requestToken),
    );
    if (customerId !== null) {
      const channel = 'email' in input.contact ? 'email' : 'sms';
      // After the answer: a match must not take longer to answer than no match.
      setImmediate(() => {
        this.deps.otp
          .issue(this.actor(caller).audit, view.id, customerId, channel)
          .catch((error: unknown) => {
            this.deps.logger.warn(
              { err: error, requestId: view.id },
              'could not send a privacy verification code',
            );
          });
      });
    }
    return { reference: view.reference, requestToken, message: SAME_ANSWER };
  }

  /** Checks the code; answers the same for a wrong code and for a request that matched nobody. */
  async verify(caller: PublicCaller, input: { reference: string; requestToken: string; code: string }) {
    await this.throttle(caller);
    const row = await this.requireToken(caller.tenantId, input.reference, input.requestToken);
    if (row.status !== 'pending_verification') return this.status(caller, input);
    const result =
      row.customer_id === null ? 'wrong' : await this.deps.otp.check(caller.tenantId, row.id, input.code);
    if (result !== 'ok') {
      await this.deps.db.transaction().execute((trx) =>
        addEvent(trx, caller.tenantId, row.id, this.deps.clock.now().toISOString(), 'code_rejected', {
          type: 'public',
          id: null,
        }),
      );
      throw invalid('code', 'the code is wrong or has expired');
    }
    await this.deps.requests.markVerified(this.actor(caller), row, 'verified');
    return this.status(caller, input);
  }

  /** Where the request stands (a verified requester's view). */
  async status(caller: PublicCaller, input: { reference: string; requestToken: string }) {
    const row = await this.requireToken(caller.tenantId, input.reference, input.requestToken);
    const verified = row.status !== 'pending_verification';
    return {
      reference: row.reference,
      kind: row.kind,
      status: verified ? row.status : 'pending_verification',
      verified,
      dueAt: verified ? row.due_at : null,
      canDownload: verified && row.status === 'open' && (row.kind === 'access' || row.kind === 'export'),
    };
  }

  /**
   * A verified access or export request: builds the package under a generated password, sends the
   * password to the contact on record and answers with the file.
   */
  async download(caller: PublicCaller, input: { reference: string; requestToken: string }) {
    await this.throttle(caller);
    const row = await this.requireToken(caller.tenantId, input.reference, input.requestToken);
    const state = await this.status(caller, input);
    if (!state.canDownload || row.customer_id === null)
      throw new AppError('conflict', 'this request has no export to download (yet)');
    const actor = this.actor(caller);
    const view = await this.deps.requests.fulfilExport(actor, row.id, { kind: 'password' });
    return this.deps.exports.download(actor, view.id, { requestId: row.id });
  }

  /** The shop's name; not-found unless the shop exists and is active. */
  async shop(tenantId: string): Promise<string> {
    return this.requireShop(tenantId);
  }

  private async requireShop(tenantId: string): Promise<string> {
    const row = await this.deps.db
      .selectFrom('tenants')
      .select(['status', 'name'])
      .where('id', '=', tenantId)
      .executeTakeFirst();
    if (row?.status !== 'active') throw notFound('shop');
    return row.name;
  }

  /** The request, if the token is the one given at submission (constant-time comparison). */
  private async requireToken(tenantId: string, reference: string, token: string): Promise<RequestRow> {
    const row = await findByReference(this.deps.db, tenantId, reference.trim().toUpperCase());
    const expected = Buffer.from(row?.public_token_hash ?? '0'.repeat(64), 'hex');
    const given = Buffer.from(tokenHash(token), 'hex');
    if (row === undefined || row.public_token_hash === null || !timingSafeEqual(expected, given))
      throw notFound('privacy request');
    return row;
  }
}
