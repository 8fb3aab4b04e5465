/**
 * The real state of the notices on a request's timeline: a `customer_notified` step records that a
 * notice was queued (its outbox row in `deliveryId`); the timeline shows what became of it (queued,
 * sent at, failed with the reason and the next attempt) instead of claiming the customer was told.
 * Steps written before the row id was kept find their row by the request reference and time.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { messageStatus, type MessageStatus } from '../notify/message-states.js';
import type { RequestEventView } from './request.repository.js';

export const NOTICE_EVENT = 'customer_notified';

/** Reads notice states (the messages service) and sends one now. */
export interface NoticeStates {
  statuses(tenantId: string, ids: readonly string[]): Promise<Map<string, MessageStatus>>;
  sendNow(tenantId: string, id: string): Promise<boolean>;
}

export type TimelineEvent = RequestEventView & { notice?: MessageStatus | null };

const deliveryIdOf = (e: RequestEventView): string | null =>
  typeof e.details['deliveryId'] === 'string' ? e.details['deliveryId'] : null;

/** The events with each notice step's real state (null: no notice went, no contact on record). */
export async function withNoticeStates(
  db: Kysely<Database>,
  states: NoticeStates | undefined,
  tenantId: string,
  reference: string,
  events: RequestEventView[],
): Promise<TimelineEvent[]> {
  const notices = events.filter((e) => e.kind === NOTICE_EVENT);
  if (notices.length === 0) return events;
  const ids = notices.map(deliveryIdOf).filter((id): id is string => id !== null);
  const known =
    states === undefined ? new Map<string, MessageStatus>() : await states.statuses(tenantId, ids);
  const legacy = notices.some((e) => deliveryIdOf(e) === null && e.details['channel'] !== null)
    ? await db
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('ref_id', '=', reference)
        .orderBy('created_at')
        .execute()
    : [];
  return events.map((e) => {
    if (e.kind !== NOTICE_EVENT) return e;
    const id = deliveryIdOf(e);
    if (id !== null) return { ...e, notice: known.get(id) ?? null };
    if (e.details['channel'] === null) return { ...e, notice: null };
    const at = new Date(e.at).getTime();
    const nearest = legacy
      .map((row) => ({ row, gap: Math.abs(new Date(row.created_at).getTime() - at) }))
      .filter((c) => c.gap < 60_000)
      .sort((a, b) => a.gap - b.gap)[0];
    return { ...e, notice: nearest === undefined ? null : messageStatus(nearest.row) };
  });
}

/** The outbox row of the request's latest notice, if one was queued. */
export async function latestNoticeId(
  db: Kysely<Database>,
  tenantId: string,
  requestId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('privacy_request_events')
    .select('details')
    .where('tenant_id', '=', tenantId)
    .where('request_id', '=', requestId)
    .where('kind', '=', NOTICE_EVENT)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (row === undefined) return null;
  const details = JSON.parse(row.details) as Record<string, unknown>;
  return typeof details['deliveryId'] === 'string' ? details['deliveryId'] : null;
}
