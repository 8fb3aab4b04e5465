/**
 * Reads of the audit tables: the chain in order (entries and retention stubs merged, in pages, so
 * a million entries stream in constant memory), filtered pages for the viewer, and checkpoints.
 * Writes happen only through the recorder, the checkpoint service and the retention job.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AuditEntriesTable } from '../../db/tables/audit.tables.js';
import type { ChainedEntry } from './audit-hash.js';

export type ChainItem =
  | { seq: number; hash: string; entry: ChainedEntry; contentHash?: undefined }
  | { seq: number; hash: string; entry?: undefined; contentHash: string };

const PAGE = 5000;

/**
 * Pages of rows in sequence order. The next page is requested before the current one is handed
 * over, so on PostgreSQL the database reads it while the caller hashes this one.
 */
async function* pages<T extends { seq: number }>(
  fetch: (after: number) => Promise<T[]>,
): AsyncGenerator<T[], void, undefined> {
  let pending: Promise<T[]> | null = fetch(0);
  while (pending !== null) {
    const rows: T[] = await pending;
    const last = rows[rows.length - 1];
    pending = rows.length < PAGE || last === undefined ? null : fetch(Number(last.seq));
    if (rows.length > 0) yield rows;
  }
}

/** Entries after `afterSeq` for the chain pass: rows as read, `seq` made a number in place. */
async function chainEntriesAfter(
  db: Kysely<Database>,
  tenantId: string,
  afterSeq: number,
): Promise<AuditEntriesTable[]> {
  const rows = await db
    .selectFrom('audit_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(PAGE)
    .execute();
  for (const row of rows) row.seq = Number(row.seq);
  return rows;
}

/**
 * A tenant's chain in sequence order, entries and retention stubs merged, a page at a time (the
 * verifier's pass runs through each page without awaiting per item).
 */
export async function* readChainPages(db: Kysely<Database>, tenantId: string): AsyncGenerator<ChainItem[]> {
  const entries = pages((after) => chainEntriesAfter(db, tenantId, after));
  const stubs = pages(async (after) =>
    (
      await db
        .selectFrom('audit_pruned')
        .select(['seq', 'hash', 'content_hash'])
        .where('tenant_id', '=', tenantId)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(PAGE)
        .execute()
    ).map((row) => ({ seq: Number(row.seq), hash: row.hash, contentHash: row.content_hash })),
  );
  let e = await entries.next();
  let s = await stubs.next();
  let ei = 0;
  let si = 0;
  let out: ChainItem[] = [];
  while (!e.done || !s.done) {
    const entry = e.done ? undefined : e.value[ei];
    const stub = s.done ? undefined : s.value[si];
    if (entry !== undefined && (stub === undefined || entry.seq <= stub.seq)) {
      out.push({ seq: entry.seq, hash: entry.hash, entry });
      ei += 1;
      if (!e.done && ei === e.value.length) {
        e = await entries.next();
        ei = 0;
      }
    } else if (stub !== undefined) {
      out.push(stub);
      si += 1;
      if (!s.done && si === s.value.length) {
        s = await stubs.next();
        si = 0;
      }
    }
    if (out.length >= PAGE) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

export interface EntryFilter {
  actorId?: string;
  action?: string;
  /** A prefix such as `auth.` matches every action that starts with it. */
  actionPrefix?: string;
  objectType?: string;
  objectId?: string;
  outcome?: string;
  from?: string;
  to?: string;
  /** Entries below this sequence number (the next page of a newest-first listing). */
  beforeSeq?: number;
}

/** A page of entries, newest first. */
export async function listEntries(
  db: Kysely<Database>,
  tenantId: string,
  filter: EntryFilter,
  limit: number,
): Promise<AuditEntriesTable[]> {
  let q = db.selectFrom('audit_entries').selectAll().where('tenant_id', '=', tenantId);
  if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.actionPrefix !== undefined)
    q = q.where('action', 'like', `${filter.actionPrefix.replace(/[%_\\]/g, '')}%`);
  if (filter.objectType !== undefined) q = q.where('object_type', '=', filter.objectType);
  if (filter.objectId !== undefined) q = q.where('object_id', '=', filter.objectId);
  if (filter.outcome !== undefined) q = q.where('outcome', '=', filter.outcome);
  if (filter.from !== undefined) q = q.where('occurred_at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('occurred_at', '<', filter.to);
  if (filter.beforeSeq !== undefined) q = q.where('seq', '<', filter.beforeSeq);
  const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** Entries of a tenant after a sequence number, oldest first (for detectors). */
export async function entriesAfter(
  db: Kysely<Database>,
  tenantId: string,
  afterSeq: number,
  limit: number,
): Promise<AuditEntriesTable[]> {
  const rows = await db
    .selectFrom('audit_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function chainHead(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ seq: number; hash: string } | undefined> {
  const row = await db
    .selectFrom('audit_heads')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row === undefined ? undefined : { seq: Number(row.seq), hash: row.hash };
}

/** Every chain in the database (tenants and the installation chain). */
export async function chainTenants(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('audit_heads').select('tenant_id').orderBy('tenant_id').execute();
  return rows.map((r) => r.tenant_id);
}
