/**
 * Data-subject requests handled by staff (counter and back office): open a request for a
 * customer, verify the requester (a one-time code to the contact on record, or in person),
 * acknowledge, extend within what the law allows, fulfil (export package, erasure, or a
 * correction made in the customer record) and close. Deadlines follow the law of the request
 * (deadlines.ts); each step is written to the request's timeline and the audit trail in the same
 * transaction, and acknowledgements and closings are sent to the customer through the outbox.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { FieldCipher } from '../keys/field-crypto.types.js';
import { requireLiveCustomer } from './consent.service.js';
import type { CustomerErasureService, SignedCertificate } from './customer-erasure.service.js';
import { privacyTemplates, type CustomerNotifier } from './customer-notices.js';
import { deadlinesFor, extendedDueAt, type Law } from './deadlines.js';
import type { ExportProtection, ExportService, ExportView } from './export.service.js';
import {
  latestNoticeId,
  NOTICE_EVENT,
  withNoticeStates,
  type NoticeStates,
  type TimelineEvent,
} from './notice-states.js';
import type { OtpService } from './otp.service.js';
import { calendarOf, type PrivacySettingsService } from './privacy-settings.js';
import {
  addEvent,
  findRequest,
  newReference,
  requestEvents,
  requestView,
  type ClosingOutcome,
  type RequestChannel,
  type RequestKind,
  type RequestRow,
  type RequestView,
} from './request.repository.js';

export interface RequestDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: FieldCipher;
  settings: PrivacySettingsService;
  otp: OtpService;
  notifier: CustomerNotifier;
  exports: ExportService;
  erasure: CustomerErasureService;
  shopName: (tenantId: string) => Promise<string>;
  /** The real state of queued notices, shown on the timeline (absent: shown as unknown). */
  messages?: NoticeStates;
}

export interface NewRequest {
  kind: RequestKind;
  law?: Law;
  channel: RequestChannel;
  customerId: string | null;
  /** What to correct (correction requests); encrypted under the customer's key. */
  details?: string;
  /** Staff checked the requester's identity in person (counter). */
  verifiedInPerson?: boolean;
}

const OPEN: readonly string[] = ['pending_verification', 'open'];

export class RequestService {
  constructor(private readonly deps: RequestDeps) {}

  /** Opens a request (staff: the customer is known; public page: it may not be). */
  async create(actor: ServiceActor, input: NewRequest, publicTokenHash?: string): Promise<RequestView> {
    const { db, clock } = this.deps;
    const tenantId = actor.tenantId;
    if (input.customerId !== null) await requireLiveCustomer(db, tenantId, input.customerId);
    if (input.details !== undefined && input.customerId === null)
      throw invalid('details', 'details need a known customer');
    const settings = await this.deps.settings.get(tenantId);
    const law = input.law ?? settings.defaultLaw;
    const now = clock.now();
    const { ackDueAt, dueAt } = deadlinesFor(law, now, calendarOf(settings), settings.dpdpResponseDays);
    const id = newId();
    const inPerson = input.verifiedInPerson === true && input.customerId !== null;
    const row: RequestRow = {
      tenant_id: tenantId,
      id,
      reference: newReference(),
      kind: input.kind,
      law,
      channel: input.channel,
      status: inPerson ? 'open' : 'pending_verification',
      customer_id: input.customerId,
      verification: inPerson ? 'in_person' : 'pending',
      verified_at: inPerson ? now.toISOString() : null,
      received_at: now.toISOString(),
      ack_due_at: ackDueAt.toISOString(),
      due_at: dueAt.toISOString(),
      acknowledged_at: null,
      extended_at: null,
      extension_reason: null,
      closed_at: null,
      outcome: null,
      details_enc:
        input.details === undefined || input.customerId === null
          ? null
          : await this.deps.cipher.encrypt(
              'customer_pii',
              {
                tenantId,
                table: 'privacy_requests',
                column: 'details_enc',
                rowId: id,
                subjectId: input.customerId,
              },
              input.details,
            ),
      public_token_hash: publicTokenHash ?? null,
      reminder_stage: 0,
      created_by: actor.userId,
      updated_at: now.toISOString(),
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('privacy_requests').values(row).execute();
      await addEvent(trx, tenantId, id, row.received_at, 'received', actor.audit.actor, {
        kind: row.kind,
        law,
        channel: row.channel,
        verification: row.verification,
      });
      await this.deps.audit.record(trx, actor.audit, {
        action: 'privacy.request.create',
        objectType: 'privacy_request',
        objectId: id,
        outcome: 'success',
        details: {
          kind: row.kind,
          law,
          channel: row.channel,
          verification: row.verification,
          customerKnown: row.customer_id !== null,
        },
      });
    });
    return requestView(row);
  }

  async list(
    actor: ServiceActor,
    filter: { status?: 'open' | 'closed' | 'all'; customerId?: string },
  ): Promise<RequestView[]> {
    let q = this.deps.db.selectFrom('privacy_requests').selectAll().where('tenant_id', '=', actor.tenantId);
    if (filter.status === 'open' || filter.status === undefined) q = q.where('status', 'in', [...OPEN]);
    if (filter.status === 'closed') q = q.where('status', 'not in', [...OPEN]);
    if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
    const rows = await q.orderBy('due_at').orderBy('id').limit(500).execute();
    return rows.map(requestView);
  }

  async get(
    actor: ServiceActor,
    id: string,
  ): Promise<RequestView & { events: TimelineEvent[]; details: string | null }> {
    const row = await findRequest(this.deps.db, actor.tenantId, id);
    const details =
      row.details_enc === null || row.customer_id === null
        ? null
        : await this.deps.cipher
            .decrypt(
              {
                tenantId: actor.tenantId,
                table: 'privacy_requests',
                column: 'details_enc',
                rowId: id,
                subjectId: row.customer_id,
              },
              row.details_enc,
            )
            .catch(() => null);
    const events = await requestEvents(this.deps.db, actor.tenantId, id);
    return {
      ...requestView(row),
      details,
      events: await withNoticeStates(this.deps.db, this.deps.messages, actor.tenantId, row.reference, events),
    };
  }

  /** Sends a one-time code to the customer's contact on record (the requester reads it back). */
  async sendCode(actor: ServiceActor, id: string): Promise<{ channel: 'email' | 'sms' }> {
    const row = await this.requireStatus(actor, id, ['pending_verification']);
    if (row.customer_id === null) throw new AppError('conflict', 'this request has no customer to verify');
    const channel = await this.deps.otp.channelFor(actor.tenantId, row.customer_id);
    if (channel === null)
      throw new AppError(
        'precondition_failed',
        'the customer has no email or phone that a code can be sent to; verify in person',
      );
    await this.deps.otp.issue(actor.audit, id, row.customer_id, channel);
    return { channel };
  }

  /** Checks the code the requester received; a right code verifies the request. */
  async verifyCode(actor: ServiceActor, id: string, code: string): Promise<RequestView> {
    const row = await this.requireStatus(actor, id, ['pending_verification']);
    const result = await this.deps.otp.check(actor.tenantId, id, code);
    if (result !== 'ok') {
      await this.step(actor, row, 'code_rejected', { result });
      throw invalid('code', 'the code is wrong or has expired');
    }
    return this.markVerified(actor, row, 'verified');
  }

  /** Staff saw the requester in person and checked who they are. */
  async verifyInPerson(actor: ServiceActor, id: string): Promise<RequestView> {
    const row = await this.requireStatus(actor, id, ['pending_verification']);
    if (row.customer_id === null) throw new AppError('conflict', 'this request has no customer to verify');
    return this.markVerified(actor, row, 'in_person');
  }

  async markVerified(
    actor: ServiceActor,
    row: RequestRow,
    how: 'verified' | 'in_person',
  ): Promise<RequestView> {
    return this.update(
      actor,
      row,
      { status: 'open', verification: how, verified_at: this.now() },
      'verified',
      { how },
    );
  }

  /** Acknowledges the request; the customer is told the reference and the answer date. */
  async acknowledge(actor: ServiceActor, id: string): Promise<RequestView> {
    const row = await this.requireStatus(actor, id, ['open']);
    if (row.acknowledged_at !== null) throw new AppError('conflict', 'the request was already acknowledged');
    const shop = await this.deps.shopName(actor.tenantId);
    return this.update(actor, row, { acknowledged_at: this.now() }, 'acknowledged', {}, async (trx) => {
      if (row.customer_id === null) return;
      const notice = await this.deps.notifier.notifyWithId(
        trx,
        actor.tenantId,
        row.customer_id,
        privacyTemplates.requestReceived(row.reference, row.due_at, shop),
      );
      await addEvent(trx, actor.tenantId, row.id, this.now(), NOTICE_EVENT, actor.audit.actor, {
        channel: notice?.channel ?? null,
        ...(notice === null ? {} : { deliveryId: notice.deliveryId }),
      });
    });
  }

  /** Extends the answer date as far as the law allows (once), with a reason code. */
  async extend(actor: ServiceActor, id: string, reason: string): Promise<RequestView> {
    const row = await this.requireStatus(actor, id, ['open']);
    if (row.extended_at !== null) throw new AppError('conflict', 'the deadline was already extended once');
    if (new Date(row.due_at) < this.deps.clock.now())
      throw new AppError('conflict', 'the deadline has passed; it can no longer be extended');
    const due = extendedDueAt(row.law as Law, new Date(row.received_at), new Date(row.due_at)).toISOString();
    return this.update(
      actor,
      row,
      { due_at: due, extended_at: this.now(), extension_reason: reason, reminder_stage: 0 },
      'extended',
      {
        reason,
        dueAt: due,
      },
    );
  }

  /** Fulfils an access or export request with an encrypted package. */
  async fulfilExport(
    actor: ServiceActor,
    id: string,
    protection: ExportProtection,
    options: Pick<Parameters<ExportService['create']>[1], 'includeAadhaar'> = {},
  ): Promise<ExportView> {
    const row = await this.requireStatus(actor, id, ['open']);
    if (row.kind !== 'access' && row.kind !== 'export')
      throw new AppError('conflict', 'only access and export requests get a package');
    if (row.customer_id === null) throw new AppError('conflict', 'this request has no customer');
    const exported = await this.deps.exports.create(actor, {
      customerId: row.customer_id,
      requestId: id,
      protection,
      // A requester the staff checked in person takes the password at the counter; one verified
      // by a code gets it at the contact on record the code went to.
      handover: row.verification === 'in_person' ? 'in_person' : 'contact',
      ...options,
    });
    await this.close(actor, id, 'fulfilled', { exportId: exported.id });
    return exported;
  }

  /** Fulfils an erasure request: crypto-shreds the customer and keeps what GST law requires. */
  async fulfilErasure(actor: ServiceActor, id: string): Promise<SignedCertificate> {
    const row = await this.requireStatus(actor, id, ['open']);
    if (row.kind !== 'erasure') throw new AppError('conflict', 'this is not an erasure request');
    if (row.customer_id === null) throw new AppError('conflict', 'this request has no customer');
    // The closing notice is queued and sent (one attempt) before the contact details become
    // unreadable; if that attempt fails, the timeline says so (it cannot be retried after erasure).
    await this.close(actor, id, 'fulfilled', {});
    const notice = await latestNoticeId(this.deps.db, actor.tenantId, id);
    if (notice !== null) await this.deps.messages?.sendNow(actor.tenantId, notice);
    const signed = await this.deps.erasure.erase(actor, {
      customerId: row.customer_id,
      reason: 'dsr_erasure',
      requestId: id,
    });
    await this.deps.db.transaction().execute((trx) =>
      addEvent(trx, actor.tenantId, id, this.now(), 'erased', actor.audit.actor, {
        certificateId: signed.certificate.certificateId,
      }),
    );
    return signed;
  }

  /** Closes the request with an outcome; the customer is told. */
  async close(
    actor: ServiceActor,
    id: string,
    outcome: ClosingOutcome,
    extra: Record<string, string> = {},
  ): Promise<RequestView> {
    const row = await this.requireStatus(actor, id, ['open', 'pending_verification']);
    if (
      row.status === 'pending_verification' &&
      outcome !== 'identity_not_verified' &&
      outcome !== 'withdrawn'
    )
      throw new AppError('conflict', 'verify the requester first, or close as identity not verified');
    const status =
      outcome === 'rejected' || outcome === 'identity_not_verified'
        ? 'rejected'
        : outcome === 'withdrawn'
          ? 'withdrawn'
          : 'completed';
    const shop = await this.deps.shopName(actor.tenantId);
    return this.update(
      actor,
      row,
      { status, outcome, closed_at: this.now() },
      'closed',
      { outcome, ...extra },
      async (trx) => {
        if (row.customer_id === null || row.status !== 'open') return;
        const notice = await this.deps.notifier.notifyWithId(
          trx,
          actor.tenantId,
          row.customer_id,
          privacyTemplates.requestClosed(row.reference, outcome, shop),
        );
        await addEvent(trx, actor.tenantId, row.id, this.now(), NOTICE_EVENT, actor.audit.actor, {
          channel: notice?.channel ?? null,
          ...(notice === null ? {} : { deliveryId: notice.deliveryId }),
        });
      },
    );
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private async requireStatus(
    actor: ServiceActor,
    id: string,
    allowed: readonly string[],
  ): Promise<RequestRow> {
    const row = await findRequest(this.deps.db, actor.tenantId, id);
    if (!allowed.includes(row.status))
      throw new AppError('conflict', `the request is ${row.status.replace(/_/g, ' ')}`, undefined, {
        status: row.status,
      });
    return row;
  }

  /** Records a step without changing the request. */
  private async step(
    actor: ServiceActor,
    row: RequestRow,
    kind: string,
    details: Record<string, string>,
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await addEvent(trx, actor.tenantId, row.id, this.now(), kind, actor.audit.actor, details);
      await this.deps.audit.record(trx, actor.audit, {
        action: `privacy.request.${kind}`,
        objectType: 'privacy_request',
        objectId: row.id,
        outcome: kind.endsWith('rejected') ? 'failure' : 'success',
        details,
      });
    });
  }

  /** Changes the request (only if its status did not change meanwhile), with event and audit entry. */
  private async update(
    actor: ServiceActor,
    row: RequestRow,
    changes: Partial<RequestRow>,
    kind: string,
    details: Record<string, string>,
    also?: (trx: Kysely<Database>) => Promise<void>,
  ): Promise<RequestView> {
    const now = this.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('privacy_requests')
        .set({ ...changes, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n)
        throw new AppError('conflict', 'the request changed meanwhile; reload it');
      await addEvent(trx, actor.tenantId, row.id, now, kind, actor.audit.actor, details);
      await also?.(trx);
      await this.deps.audit.record(trx, actor.audit, {
        action: `privacy.request.${kind}`,
        objectType: 'privacy_request',
        objectId: row.id,
        outcome: 'success',
        details: { kind: row.kind, law: row.law, ...details },
      });
    });
    return requestView(await findRequest(this.deps.db, actor.tenantId, row.id));
  }
}
