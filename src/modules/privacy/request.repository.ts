/** Data-subject requests in the database: rows, the timeline, and the view the API returns. */
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PrivacyRequestsTable } from '../../db/tables/privacy.tables.js';
import { notFound } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';
import type { Actor } from '../../kernel/audit.js';

export const requestKinds = ['access', 'export', 'correction', 'erasure'] as const;
export type RequestKind = (typeof requestKinds)[number];
export const requestChannels = ['counter', 'back_office', 'public_page'] as const;
export type RequestChannel = (typeof requestChannels)[number];
export type RequestStatus =
  'pending_verification' | 'open' | 'completed' | 'rejected' | 'withdrawn' | 'expired';
export const closingOutcomes = [
  'fulfilled',
  'partially_fulfilled',
  'rejected',
  'withdrawn',
  'identity_not_verified',
] as const;
export type ClosingOutcome = (typeof closingOutcomes)[number];

export type RequestRow = Selectable<PrivacyRequestsTable>;

export interface RequestView {
  id: string;
  reference: string;
  kind: string;
  law: string;
  channel: string;
  status: string;
  customerId: string | null;
  verification: string;
  verifiedAt: string | null;
  receivedAt: string;
  ackDueAt: string;
  dueAt: string;
  acknowledgedAt: string | null;
  extendedAt: string | null;
  extensionReason: string | null;
  closedAt: string | null;
  outcome: string | null;
  hasDetails: boolean;
}

export interface RequestEventView {
  at: string;
  kind: string;
  actorType: string;
  actorId: string | null;
  details: Record<string, unknown>;
}

export function requestView(r: RequestRow): RequestView {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    law: r.law,
    channel: r.channel,
    status: r.status,
    customerId: r.customer_id,
    verification: r.verification,
    verifiedAt: r.verified_at,
    receivedAt: r.received_at,
    ackDueAt: r.ack_due_at,
    dueAt: r.due_at,
    acknowledgedAt: r.acknowledged_at,
    extendedAt: r.extended_at,
    extensionReason: r.extension_reason,
    closedAt: r.closed_at,
    outcome: r.outcome,
    hasDetails: r.details_enc !== null,
  };
}

const REF_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** A reference a person can read out: `PR-` and 8 characters (no 0/O, 1/I/L). */
export function newReference(): string {
  return `PR-${[...randomBytes(8)].map((b) => REF_ALPHABET[b % REF_ALPHABET.length]).join('')}`;
}

export async function findRequest(db: Kysely<Database>, tenantId: string, id: string): Promise<RequestRow> {
  const row = await db
    .selectFrom('privacy_requests')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw notFound('privacy request');
  return row;
}

export async function findByReference(
  db: Kysely<Database>,
  tenantId: string,
  reference: string,
): Promise<RequestRow | undefined> {
  return db
    .selectFrom('privacy_requests')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('reference', '=', reference)
    .executeTakeFirst();
}

/** Appends a step to the request's timeline (codes, ids and counts only). */
export async function addEvent(
  trx: Kysely<Database>,
  tenantId: string,
  requestId: string,
  at: string,
  kind: string,
  actor: Actor,
  details: Record<string, unknown> = {},
): Promise<void> {
  await trx
    .insertInto('privacy_request_events')
    .values({
      tenant_id: tenantId,
      id: newId(),
      request_id: requestId,
      at,
      kind,
      actor_type: actor.type,
      actor_id: actor.id,
      details: JSON.stringify(details),
    })
    .execute();
}

export async function requestEvents(
  db: Kysely<Database>,
  tenantId: string,
  requestId: string,
): Promise<RequestEventView[]> {
  const rows = await db
    .selectFrom('privacy_request_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('request_id', '=', requestId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    at: r.at,
    kind: r.kind,
    actorType: r.actor_type,
    actorId: r.actor_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}
