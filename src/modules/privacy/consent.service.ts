/**
 * The consent ledger: a customer's consent per purpose (billing, marketing by SMS, WhatsApp or
 * email, loyalty) with its source (counter, web form, back office, public page, import), time,
 * the privacy notice version shown, and withdrawal. Every decision is a new append-only event
 * (the database refuses changes to past events); `consent_current` keeps the latest decision per
 * purpose in the same transaction, for marketing lists. Each decision is recorded in the audit
 * trail (purposes and source; never contact details).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { isUniqueViolation } from '../billing/db-errors.js';
import type { NoticeService } from './notice.service.js';

export const consentPurposes = [
  'billing',
  'marketing_sms',
  'marketing_whatsapp',
  'marketing_email',
  'loyalty',
  'reminders_sms',
  'reminders_email',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export const consentSources = ['counter', 'web_form', 'back_office', 'public_page', 'import'] as const;
export type ConsentSource = (typeof consentSources)[number];

/** The marketing purpose of each contact channel. */
export const marketingPurposeOf = {
  sms: 'marketing_sms',
  whatsapp: 'marketing_whatsapp',
  email: 'marketing_email',
} as const satisfies Record<string, ConsentPurpose>;

/**
 * The service-message purpose of each channel: appointment reminders, khata due-date reminders
 * and safety notices such as a batch recall. Not marketing; a customer agrees to them apart.
 */
export const reminderPurposeOf = {
  sms: 'reminders_sms',
  email: 'reminders_email',
} as const satisfies Record<string, ConsentPurpose>;

export interface ConsentDecision {
  customerId: string;
  purposes: readonly ConsentPurpose[];
  granted: boolean;
  source: ConsentSource;
  /** The notice shown; the current one when omitted. */
  noticeVersion?: string;
  storeId?: string;
  /** The privacy request behind a withdrawal. */
  requestId?: string;
}

export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  noticeVersion: string | null;
  updatedAt: string | null;
}

export interface ConsentEventView {
  id: string;
  purpose: string;
  granted: boolean;
  source: string;
  noticeVersion: string;
  storeId: string | null;
  recordedAt: string;
  actorType: string;
  actorId: string | null;
  requestId: string | null;
}

export interface ConsentDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  notices: NoticeService;
}

export class ConsentService {
  constructor(private readonly deps: ConsentDeps) {}

  /** Records one decision for one or more purposes (the counter's one tap), in one transaction. */
  async record(actor: ServiceActor, decision: ConsentDecision): Promise<ConsentState[]> {
    try {
      await this.deps.db.transaction().execute((trx) => this.recordWithin(trx, actor, decision));
    } catch (error) {
      // Another decision for the same customer took the same place in the ledger at once.
      if (isUniqueViolation(error, 'consent_events'))
        throw new AppError(
          'conflict',
          'another consent change for this customer was saved just now; try again',
        );
      throw error;
    }
    return this.current(actor, decision.customerId);
  }

  /** The same inside the caller's transaction (a privacy request that withdraws consent). */
  async recordWithin(trx: Kysely<Database>, actor: ServiceActor, decision: ConsentDecision): Promise<void> {
    const tenantId = actor.tenantId;
    const purposes = [...new Set(decision.purposes)];
    if (purposes.length === 0) throw invalid('purposes', 'choose at least one purpose');
    await requireLiveCustomer(trx, tenantId, decision.customerId);
    const version = decision.noticeVersion ?? (await this.deps.notices.current(tenantId, trx)).version;
    await this.deps.notices.require(tenantId, version, trx);
    const now = this.deps.clock.now().toISOString();
    const last = await trx
      .selectFrom('consent_events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('tenant_id', '=', tenantId)
      .where('customer_id', '=', decision.customerId)
      .executeTakeFirst();
    let seq = Number(last?.seq ?? 0);
    for (const purpose of purposes) {
      const id = newId();
      seq += 1;
      await trx
        .insertInto('consent_events')
        .values({
          tenant_id: tenantId,
          id,
          customer_id: decision.customerId,
          seq,
          purpose,
          granted: decision.granted ? 1 : 0,
          source: decision.source,
          notice_version: version,
          store_id: decision.storeId ?? null,
          recorded_at: now,
          actor_type: actor.audit.actor.type,
          actor_id: actor.audit.actor.id,
          request_id: decision.requestId ?? null,
        })
        .execute();
      const current = {
        granted: decision.granted ? 1 : 0,
        event_id: id,
        notice_version: version,
        updated_at: now,
      };
      await trx
        .insertInto('consent_current')
        .values({ tenant_id: tenantId, customer_id: decision.customerId, purpose, ...current })
        .onConflict((oc) => oc.columns(['tenant_id', 'customer_id', 'purpose']).doUpdateSet(current))
        .execute();
    }
    await this.deps.audit.record(trx, actor.audit, {
      action: decision.granted ? 'consent.grant' : 'consent.withdraw',
      objectType: 'customer',
      objectId: decision.customerId,
      outcome: 'success',
      details: { purposes, source: decision.source, noticeVersion: version },
    });
  }

  /** The current decision for every purpose (never asked: not granted). */
  async current(actor: ServiceActor, customerId: string): Promise<ConsentState[]> {
    await requireCustomer(this.deps.db, actor.tenantId, customerId);
    const rows = await this.deps.db
      .selectFrom('consent_current')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('customer_id', '=', customerId)
      .execute();
    return consentPurposes.map((purpose) => {
      const row = rows.find((r) => r.purpose === purpose);
      return {
        purpose,
        granted: row?.granted === 1,
        noticeVersion: row?.notice_version ?? null,
        updatedAt: row?.updated_at ?? null,
      };
    });
  }

  /** Every decision, oldest first (the ledger). */
  async history(actor: ServiceActor, customerId: string): Promise<ConsentEventView[]> {
    await requireCustomer(this.deps.db, actor.tenantId, customerId);
    return consentHistory(this.deps.db, actor.tenantId, customerId);
  }
}

export async function consentHistory(
  db: Kysely<Database>,
  tenantId: string,
  customerId: string,
): Promise<ConsentEventView[]> {
  const rows = await db
    .selectFrom('consent_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    purpose: r.purpose,
    granted: r.granted === 1,
    source: r.source,
    noticeVersion: r.notice_version,
    storeId: r.store_id,
    recordedAt: r.recorded_at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    requestId: r.request_id,
  }));
}

/** Customers who currently consent to `purpose` (ids), for marketing lists and notices. */
export async function consentingCustomers(
  db: Kysely<Database>,
  tenantId: string,
  purposes: readonly ConsentPurpose[],
): Promise<string[]> {
  if (purposes.length === 0) return [];
  const rows = await db
    .selectFrom('consent_current')
    .select('customer_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('purpose', 'in', [...purposes])
    .where('granted', '=', 1)
    .orderBy('customer_id')
    .execute();
  return rows.map((r) => r.customer_id);
}

async function requireCustomer(db: Kysely<Database>, tenantId: string, customerId: string): Promise<void> {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (row === undefined) throw notFound('customer');
}

/** The customer exists and was not erased (an erased customer cannot consent to anything). */
export async function requireLiveCustomer(
  db: Kysely<Database>,
  tenantId: string,
  customerId: string,
): Promise<void> {
  await requireCustomer(db, tenantId, customerId);
  const key = await db
    .selectFrom('subject_keys')
    .select('erased_at')
    .where('tenant_id', '=', tenantId)
    .where('subject_id', '=', customerId)
    .executeTakeFirst();
  if (key?.erased_at !== undefined && key.erased_at !== null)
    throw new AppError('conflict', "this customer's personal data was erased");
}
