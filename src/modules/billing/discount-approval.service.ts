/**
 * Manager approvals of discounts, and of refunds paid out of the till, beyond a cashier's
 * allowance (the approval's `purpose`: one given for a discount cannot pay a refund). A manager types their credentials
 * at the counter (the identity module checks them like a sign-in, with the permission in the
 * store); the approval is a row bound to the cashier's session and store, covering up to an
 * amount, for a few minutes, used by one invoice. Approving and using are both recorded. An
 * approval of a change to the sale's offers (one left out, or applied anyway) records that change,
 * and only a sale making exactly that change may use it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { formatRupees } from '../../domain/money/index.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ApproverCheck, ApproverCredentials } from '../auth/approver-check.service.js';
import { authorizeStore } from '../auth/access.policy.js';
import { type ServiceActor } from '../../kernel/actor.js';

/** How long an approval waits for its sale. */
export const APPROVAL_TTL_MS = 10 * 60_000;

/** What an approval covers. */
export type ApprovalPurpose = 'discount' | 'refund';

export interface ApprovalInput extends ApproverCredentials {
  storeId: string;
  /** The bill's whole reduction, or the refund paid out, that the manager agrees to. */
  maxDiscountPaise: number;
  /** `discount` (default) or `refund`. */
  purpose?: ApprovalPurpose;
  /** The change to the sale's offers the manager approves, if any. */
  offers?: OfferChanges;
}

/** A sale's change to its offers: offers left out, offers applied although their conditions fail. */
export interface OfferChanges {
  skip?: readonly string[] | undefined;
  force?: readonly string[] | undefined;
}

/**
 * The stored form of an offer change: sorted, de-duplicated lists as JSON, or null when the
 * change is empty (so equal changes compare equal as strings).
 */
export function offerChangesKey(offers: OfferChanges | undefined | null): string | null {
  const skip = [...new Set(offers?.skip ?? [])].sort();
  const force = [...new Set(offers?.force ?? [])].sort();
  return skip.length === 0 && force.length === 0 ? null : JSON.stringify({ skip, force });
}

export interface ApprovalView {
  approvalId: string;
  approverId: string;
  storeId: string;
  maxDiscountPaise: number;
  purpose: ApprovalPurpose;
  expiresAt: string;
}

/** An approval that a checkout may use. */
export interface UsableApproval {
  id: string;
  approverId: string;
}

const needed = (message: string, field: string, reductionPaise: number) =>
  new AppError('forbidden', message, field, { reason: 'approval_required', reductionPaise });

export class DiscountApprovalService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      clock: Clock;
      audit: AuditRecorder;
      approvers?: ApproverCheck;
    },
  ) {}

  /** A manager approves a discount at the caller's counter. */
  async approve(
    actor: ServiceActor,
    input: ApprovalInput,
    origin: { ip: string; deviceId?: string },
  ): Promise<ApprovalView> {
    const { db, clock } = this.deps;
    const sessionId = actor.auth?.sessionId;
    if (sessionId === undefined || actor.userId === null)
      throw new AppError('forbidden', 'approvals are given at a counter, in a signed-in session');
    await authorizeStore(db, actor, 'invoice.create', input.storeId);
    if (this.deps.approvers === undefined)
      throw new AppError('precondition_failed', 'approvals are not available on this installation');
    const { email, password, code } = input;
    const approver = await this.deps.approvers.verify(
      { email, password, code },
      {
        tenantId: actor.tenantId,
        storeId: input.storeId,
        permission: 'discount.override',
        ip: origin.ip,
        ...(origin.deviceId === undefined ? {} : { deviceId: origin.deviceId }),
        ctx: actor.audit,
      },
    );
    if (approver.userId === actor.userId)
      throw new AppError('forbidden', 'another person must approve this', 'email');
    const now = clock.now();
    const purpose = input.purpose ?? 'discount';
    const view: ApprovalView = {
      approvalId: newId(),
      approverId: approver.userId,
      storeId: input.storeId,
      maxDiscountPaise: input.maxDiscountPaise,
      purpose,
      expiresAt: new Date(now.getTime() + APPROVAL_TTL_MS).toISOString(),
    };
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('discount_approvals')
        .values({
          tenant_id: actor.tenantId,
          id: view.approvalId,
          store_id: input.storeId,
          approver_id: approver.userId,
          requested_by: actor.userId ?? '',
          session_id: sessionId,
          max_discount_paise: input.maxDiscountPaise,
          created_at: now.toISOString(),
          expires_at: view.expiresAt,
          used_at: null,
          document_id: null,
          purpose,
          offer_changes: offerChangesKey(input.offers),
        })
        .execute();
      await this.deps.audit.record(
        trx,
        { ...actor.audit, actor: { type: 'user', id: approver.userId } },
        {
          action: purpose === 'refund' ? 'refund.approve' : 'discount.approve',
          objectType: 'discount_approval',
          objectId: view.approvalId,
          outcome: 'success',
          details: {
            requestedBy: actor.userId,
            storeId: input.storeId,
            maxDiscountPaise: input.maxDiscountPaise,
            offersChanged: offerChangesKey(input.offers) !== null,
          },
        },
      );
    });
    return view;
  }

  /**
   * The approval a checkout names, if it covers `reductionPaise` in `storeId` for this session
   * and is unused and current; otherwise the refusal that asks for one.
   */
  async usable(
    actor: ServiceActor,
    approvalId: string | undefined,
    storeId: string,
    reductionPaise: number,
    field: string,
    purpose: ApprovalPurpose = 'discount',
    offers: OfferChanges | null = null,
  ): Promise<UsableApproval> {
    if (approvalId === undefined)
      throw needed(
        purpose === 'refund'
          ? 'this refund is beyond your allowance: ask a manager to approve it'
          : 'this discount is beyond your allowance: ask a manager to approve it',
        field,
        reductionPaise,
      );
    const row = await this.deps.db
      .selectFrom('discount_approvals')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', approvalId)
      .executeTakeFirst();
    if (
      row === undefined ||
      row.session_id !== actor.auth?.sessionId ||
      row.store_id !== storeId ||
      row.purpose !== purpose
    )
      throw needed('no such approval for this counter', 'approvalId', reductionPaise);
    if (row.used_at !== null) throw needed('this approval was already used', 'approvalId', reductionPaise);
    if (row.expires_at <= this.deps.clock.now().toISOString())
      throw needed("the manager's approval expired: ask again", 'approvalId', reductionPaise);
    if ((row.offer_changes ?? null) !== offerChangesKey(offers))
      throw needed(
        "the sale's offers are not the ones the manager approved: ask again",
        'approvalId',
        reductionPaise,
      );
    if (row.max_discount_paise < reductionPaise)
      throw needed(
        purpose === 'refund'
          ? `the approval covers a refund of Rs ${formatRupees(row.max_discount_paise)}, this one pays out Rs ${formatRupees(reductionPaise)}`
          : `the approval covers Rs ${formatRupees(row.max_discount_paise)} off, this bill takes off Rs ${formatRupees(reductionPaise)}`,
        'approvalId',
        reductionPaise,
      );
    return { id: row.id, approverId: row.approver_id };
  }

  /** Marks the approval used by an invoice, inside the sale's transaction (once, ever). */
  async consume(
    trx: Kysely<Database>,
    tenantId: string,
    approvalId: string,
    documentId: string,
  ): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const result = await trx
      .updateTable('discount_approvals')
      .set({ used_at: now, document_id: documentId })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', approvalId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n)
      throw new AppError('conflict', 'this approval was already used or has expired', 'approvalId');
  }
}
