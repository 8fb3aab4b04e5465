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
import { newId } from '../../domain/ids.js';
import type { AccessContext } from '../../kernel/access-context.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';
import { STEP_UP_MAX_AGE_MS } from './auth.types.js';

/** Throws `reauthentication_required` unless the caller re-entered a credential recently. */
export function requireStepUp(auth: AccessContext, clock: Clock): void {
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
  /**
   * The data subjects (customer ids) whose records the export holds: kept as the export's
   * manifest, so a later incident can say exactly whose data left in it.
   */
  subjectIds: readonly string[];
  /** The personal fields exported (names such as `phone`, never values). */
  fields: readonly string[];
  format: 'csv' | 'json' | 'xlsx' | 'pdf';
  reason: { category: RevealReasonCategory; text: string };
}

const MANIFEST_CHUNK = 500;

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
    auth: AccessContext,
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
   * entry `<object>.pii.export` carries the record count, fields and format (the bulk-access
   * detector adds counts up per person), and its object id names the export, whose manifest of
   * data subjects is written in the same transaction. Returns the export id.
   */
  async authorizeExport(
    trx: Kysely<Database>,
    auth: AccessContext,
    ctx: AuditContext,
    request: ExportRequest,
  ): Promise<string> {
    if (!auth.permissions.has(`${request.objectType}.export`))
      throw new AppError('forbidden', 'your role does not allow exporting this');
    checkReason(request.reason);
    requireStepUp(auth, this.clock);
    const exportId = newId();
    const subjects = [...new Set(request.subjectIds)];
    for (let i = 0; i < subjects.length; i += MANIFEST_CHUNK)
      await trx
        .insertInto('audit_export_subjects')
        .values(
          subjects
            .slice(i, i + MANIFEST_CHUNK)
            .map((subjectId) => ({ tenant_id: ctx.tenantId, export_id: exportId, subject_id: subjectId })),
        )
        .execute();
    await this.audit.record(trx, ctx, {
      action: `${request.objectType}.pii.export`,
      objectType: request.objectType,
      objectId: exportId,
      outcome: 'success',
      details: {
        count: subjects.length,
        fields: [...request.fields],
        format: request.format,
        reason: request.reason.category,
        reasonTextLength: request.reason.text.length,
      },
    });
    return exportId;
  }
}

function checkReason(reason: { category: string; text: string }): void {
  if (!(revealReasons as readonly string[]).includes(reason.category))
    throw new AppError('validation_failed', 'choose a reason', 'reason.category');
  if (reason.category === 'other' && reason.text.trim().length < 5)
    throw new AppError('validation_failed', 'describe the reason', 'reason.text');
}
