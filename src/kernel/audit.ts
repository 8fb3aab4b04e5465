/**
 * The interface every capability records through. An entry is written in the same transaction as
 * the change it records, so the caller passes its transaction. Details never hold personal data
 * in clear: ids, counts, reasons chosen from lists, field names, never values.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type ActorType = 'user' | 'api_token' | 'system' | 'public';

export interface Actor {
  readonly type: ActorType;
  /** User id, token id, job name; null for an anonymous public request. */
  readonly id: string | null;
  readonly sessionId?: string;
  /** A stable pseudonymous device id (cookie-bound), for scope analysis after an incident. */
  readonly deviceId?: string;
}

export interface AuditContext {
  readonly tenantId: string;
  readonly actor: Actor;
  readonly requestId?: string;
  /** Where the action came from: `http`, `cli`, `job`, plus the client address when known. */
  readonly source?: string;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export type AuditDetailValue = string | number | boolean | null | readonly string[];

export interface AuditEvent {
  /** Dotted verb, for example `auth.login`, `customer.pii.reveal`, `invoice.issue`. */
  readonly action: string;
  readonly objectType: string;
  readonly objectId?: string | null;
  readonly outcome: AuditOutcome;
  readonly details?: Readonly<Record<string, AuditDetailValue>>;
  /**
   * How long the entry must be kept: `gst` (72 months, CGST Act s.36) or `standard` (12 months).
   * When omitted it follows the action: invoices, credit notes, bills of supply and overrides are
   * GST records (see `retentionClassOf`).
   */
  readonly retention?: 'standard' | 'gst';
}

export interface AuditRecorder {
  /** Appends one entry inside `trx` (a Kysely transaction, or the database for a lone write). */
  record(trx: Kysely<Database>, context: AuditContext, event: AuditEvent): Promise<void>;
}

export const systemActor = (job: string): Actor => ({ type: 'system', id: job });

/**
 * The chain of installation-wide events that belong to no tenant (a sign-in to an unknown account,
 * a backup or restore of the whole database): the same pseudo-tenant that holds installation keys.
 */
export const INSTALLATION_CHAIN = '_installation';

/** The context of work done by a job or command on behalf of the installation or a tenant. */
export function systemContext(tenantId: string, job: string, source = 'job'): AuditContext {
  return { tenantId, actor: systemActor(job), source };
}
