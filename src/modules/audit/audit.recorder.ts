/**
 * The transactional audit recorder: appends one hash-chained entry inside the caller's
 * transaction, so the entry exists exactly when the change does. Entries of one tenant are
 * numbered one at a time: the writer first locks the tenant's head row (`SELECT ... FOR UPDATE` on
 * PostgreSQL, held until commit: another instance waits, then continues from the new head: no fork,
 * no gap, no duplicate), while SQLite's `BEGIN IMMEDIATE` already admits one writer at a time. A
 * trigger checks that each entry continues the chain and moves the head. Record last in a
 * transaction: the head stays locked until it commits.
 */
import type { Kysely } from 'kysely';
import { isSqlite } from '../../db/database.js';
import { inTransaction } from '../../db/in-transaction.js';
import { prepareInsert, prepareQuery } from '../../db/prepared-query.js';
import type { Database } from '../../db/schema.js';
import type { AuditRetentionClass } from '../../db/tables/audit.tables.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { isId } from '../../domain/ids.js';
import { redactKeys, scrubText } from '../../logging/redact.js';
import { canonicalJson, chainHash, contentHash, genesisHash, type ChainedEntry } from './audit-hash.js';
import type { AuditContext, AuditEvent, AuditRecorder } from '../../kernel/audit.js';

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const OBJECT_TYPE = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_TEXT = 200;
const MAX_DETAILS = 4096;

/** Actions whose entries are GST records (kept 72 months). */
const gstActionPrefixes = [
  'invoice.',
  'credit_note.',
  'bill_of_supply.',
  'price.override',
  'discount.override',
];

/** The retention class of an event: its own, or the one its action implies. */
export function retentionClassOf(event: AuditEvent): AuditRetentionClass {
  if (event.retention !== undefined) return event.retention;
  return gstActionPrefixes.some((p) => event.action.startsWith(p)) ? 'gst' : 'standard';
}

// Ids are kept as they are (a UUID can look like a run of digits to the personal-data patterns).
const scrub = (value: string): string => (isId(value) ? value : scrubText(value).slice(0, MAX_TEXT));

const clip = (value: string | null | undefined): string | null =>
  value === undefined || value === null ? null : value.slice(0, MAX_TEXT);

/**
 * The stored details: keys under sensitive names and strings that look like personal data are
 * replaced (a second net behind the contract that details never hold personal data), long
 * strings are cut, and the result is canonical JSON.
 */
export function canonicalDetails(details: AuditEvent['details']): string {
  const safe = redactKeys({ ...details });
  for (const [key, value] of Object.entries(safe)) {
    if (typeof value === 'string') safe[key] = scrub(value);
    else if (Array.isArray(value)) safe[key] = value.slice(0, 50).map((v) => scrub(String(v)));
  }
  const text = canonicalJson(safe);
  if (text.length > MAX_DETAILS) throw new AppError('internal', 'audit details are too large');
  return text;
}

/** Builds the row of an event as it will be chained (without seq and hash). */
export function entryFields(
  context: AuditContext,
  event: AuditEvent,
  occurredAt: string,
): Omit<ChainedEntry, 'seq'> {
  if (!ACTION.test(event.action)) throw new AppError('internal', 'audit action must be a dotted verb');
  if (!OBJECT_TYPE.test(event.objectType)) throw new AppError('internal', 'audit object type is malformed');
  return {
    tenant_id: context.tenantId,
    occurred_at: occurredAt,
    actor_type: context.actor.type,
    actor_id: clip(context.actor.id),
    session_id: clip(context.actor.sessionId),
    device_id: clip(context.actor.deviceId),
    action: event.action,
    object_type: event.objectType,
    object_id: clip(event.objectId),
    outcome: event.outcome,
    request_id: clip(context.requestId),
    source: clip(context.source),
    retention: retentionClassOf(event),
    details: canonicalDetails(event.details),
  };
}

const insertEntry = prepareInsert('audit_entries');
const readHead = prepareQuery((db, p: { tenantId: string }) => {
  const query = db.selectFrom('audit_heads').select(['seq', 'hash']).where('tenant_id', '=', p.tenantId);
  return isSqlite(db) ? query : query.forUpdate();
});

export class AuditTrail implements AuditRecorder {
  constructor(private readonly clock: Clock) {}

  /** Appends inside `trx`; given the database itself, opens a transaction of its own. */
  async record(trx: Kysely<Database>, context: AuditContext, event: AuditEvent): Promise<void> {
    await inTransaction(trx, (own) => this.append(own, context, event));
  }

  /** Appends and returns the new entry's sequence number and hash. */
  async append(
    trx: Kysely<Database>,
    context: AuditContext,
    event: AuditEvent,
  ): Promise<{ seq: number; hash: string }> {
    const now = this.clock.now().toISOString();
    const fields = entryFields(context, event, now);
    const head = await this.lockHead(trx, context.tenantId, now);
    const entry: ChainedEntry = { ...fields, seq: head.seq + 1 };
    const hash = chainHash(Buffer.from(head.hash, 'hex'), contentHash(entry)).toString('hex');
    // The insert trigger checks that the entry continues the chain and moves the head to it.
    await insertEntry(trx, [{ ...entry, retention: fields.retention as AuditRetentionClass, hash }]);
    return { seq: entry.seq, hash };
  }

  /**
   * The tenant's head, locked until the transaction ends: `FOR UPDATE` on PostgreSQL; on SQLite the
   * `BEGIN IMMEDIATE` transaction already holds the database's only write lock.
   */
  private async lockHead(
    trx: Kysely<Database>,
    tenantId: string,
    now: string,
  ): Promise<{ seq: number; hash: string }> {
    const read = async () => (await readHead.execute(trx, { tenantId }))[0];
    const head = await read();
    if (head !== undefined) return { seq: Number(head.seq), hash: head.hash };
    // The tenant's first entry: the head starts at the genesis hash (of two racing writers, one
    // inserts it and the other waits for that, then locks the row like any later writer).
    await trx
      .insertInto('audit_heads')
      .values({ tenant_id: tenantId, seq: 0, hash: genesisHash(tenantId).toString('hex'), updated_at: now })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .execute();
    const created = await read();
    if (created === undefined) throw new AppError('internal', 'the audit head could not be created');
    return { seq: Number(created.seq), hash: created.hash };
  }
}
