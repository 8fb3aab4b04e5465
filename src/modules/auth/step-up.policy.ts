/**
 * Step-up and reveal: sensitive actions (reveal, export, role and permission changes, MFA
 * changes, password change, key operations) need a re-authentication within the last 5 minutes.
 * Revealing a personal field or exporting personal data also needs the permission and a reason,
 * and is recorded (reason category and the free text's length only, never the value or the text).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { RequestAuth } from '../../http/request-auth.js';
import type { AuditContext, AuditRecorder } from '../audit/audit.types.js';
import { STEP_UP_MAX_AGE_MS } from './auth.types.js';

/** Throws `reauthentication_required` unless the caller re-entered a credential recently. */
export function requireStepUp(auth: RequestAuth, clock: Clock): void {
  // API tokens cannot step up: sensitive actions stay with people.
  const at = auth.reauthenticatedAt;
  if (
    auth.tokenId !== undefined ||
    at === undefined ||
    clock.now().getTime() - at.getTime() > STEP_UP_MAX_AGE_MS
  )
    throw new AppError('reauthentication_required', 'confirm your password to continue');
}

export const revealReasons = [
  'customer_request',
  'delivery',
  'billing_dispute',
  'legal',
  'fraud_check',
  'other',
] as const;
export type RevealReasonCategory = (typeof revealReasons)[number];

export interface RevealRequest {
  objectType: string;
  objectId: string;
  /** The field revealed (a name such as `phone`, never its value). */
  field: string;
  reason: { category: RevealReasonCategory; text: string };
}

export interface ExportRequest {
  objectType: string;
  /** How many records the export holds. */
  count: number;
  format: 'csv' | 'json' | 'xlsx' | 'pdf';
  reason: { category: RevealReasonCategory; text: string };
}

/** What another module calls before it decrypts a personal field for display. */
export class RevealGate {
  constructor(
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks permission, reason and step-up, then records the reveal inside `trx` (the caller's
   * transaction, so the value is returned only if the record was written).
   */
  async authorize(
    trx: Kysely<Database>,
    auth: RequestAuth,
    ctx: AuditContext,
    request: RevealRequest,
    permission = 'customer.pii.reveal',
  ): Promise<void> {
    if (!auth.permissions.has(permission))
      throw new AppError('forbidden', 'your role does not allow revealing this');
    checkReason(request.reason);
    requireStepUp(auth, this.clock);
    await this.audit.record(trx, ctx, {
      action: `${request.objectType}.pii.reveal`,
      objectType: request.objectType,
      objectId: request.objectId,
      outcome: 'success',
      details: {
        field: request.field,
        reason: request.reason.category,
        reasonTextLength: request.reason.text.length,
      },
    });
  }

  /**
   * The same for an export of personal data (permission `<object>.export`, a reason, step-up): the
   * entry `<object>.pii.export` carries the record count and format, which the bulk-access
   * detector adds up per person.
   */
  async authorizeExport(
    trx: Kysely<Database>,
    auth: RequestAuth,
    ctx: AuditContext,
    request: ExportRequest,
  ): Promise<void> {
    if (!auth.permissions.has(`${request.objectType}.export`))
      throw new AppError('forbidden', 'your role does not allow exporting this');
    checkReason(request.reason);
    requireStepUp(auth, this.clock);
    await this.audit.record(trx, ctx, {
      action: `${request.objectType}.pii.export`,
      objectType: request.objectType,
      outcome: 'success',
      details: {
        count: request.count,
        format: request.format,
        reason: request.reason.category,
        reasonTextLength: request.reason.text.length,
      },
    });
  }
}

function checkReason(reason: { category: string; text: string }): void {
  if (!(revealReasons as readonly string[]).includes(reason.category))
    throw new AppError('validation_failed', 'choose a reason', 'reason.category');
  if (reason.category === 'other' && reason.text.trim().length < 5)
    throw new AppError('validation_failed', 'describe the reason', 'reason.text');
}
