/**
 * Crypto-shredding. Each data subject's personal data is encrypted under the subject's own key;
 * erasing the subject destroys that key and records a tombstone (ids only). Every copy of the
 * data, in any table or any backup, becomes unreadable. Once the erasing transaction has committed,
 * the tombstone is also appended to a journal file in the data folder, so that erasures are applied
 * again to a database restored or copied back, even when the database being replaced is lost
 * (at every start, and by `tijori restore`).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditContext, AuditRecorder } from '../../kernel/audit.js';

export interface Tombstone {
  tenantId: string;
  subjectId: string;
  erasedAt: string;
  reason: string;
}

/** The erasure epochs as erasure needs them (ADR 0024). */
export interface EpochDoomer {
  doom(tenantId: string, epochId: string, at: Date, subjectId?: string): Promise<void>;
}

/**
 * Destroys the subject's key inside `trx` and records the tombstone there. The journal entry is
 * the caller's to write after the commit (`ErasureService.afterCommit`): a rolled-back erasure
 * must never be applied later.
 */
export async function eraseSubject(
  trx: Kysely<Database>,
  clock: Clock,
  tombstone: Omit<Tombstone, 'erasedAt'>,
): Promise<Tombstone & { epochId?: string }> {
  const erasedAt = clock.now().toISOString();
  const existing = await trx
    .selectFrom('subject_keys')
    .select(['tenant_id', 'key_epoch'])
    .where('tenant_id', '=', tombstone.tenantId)
    .where('subject_id', '=', tombstone.subjectId)
    .executeTakeFirst();
  if (existing === undefined) {
    // A subject with no key yet still gets a key row in the erased state, so nothing is ever
    // encrypted for it again and the erasure is visible.
    await trx
      .insertInto('subject_keys')
      .values({
        tenant_id: tombstone.tenantId,
        subject_id: tombstone.subjectId,
        wrapped: null,
        created_at: erasedAt,
        erased_at: erasedAt,
        key_epoch: null,
      })
      .execute();
  } else {
    await trx
      .updateTable('subject_keys')
      .set({ wrapped: null, erased_at: erasedAt })
      .where('tenant_id', '=', tombstone.tenantId)
      .where('subject_id', '=', tombstone.subjectId)
      .execute();
  }
  await trx
    .insertInto('erasure_tombstones')
    .values({
      tenant_id: tombstone.tenantId,
      subject_id: tombstone.subjectId,
      erased_at: erasedAt,
      reason: tombstone.reason,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'subject_id']).doNothing())
    .execute();
  const epochId = existing?.key_epoch ?? undefined;
  return { ...tombstone, erasedAt, ...(epochId === undefined ? {} : { epochId }) };
}

/** Appends tombstones to the journal (ids, time and reason code only). */
export function journalTombstone(journalPath: string, tombstone: Tombstone): void {
  mkdirSync(dirname(journalPath), { recursive: true, mode: 0o700 });
  appendFileSync(journalPath, `${JSON.stringify(tombstone)}\n`, { mode: 0o600 });
}

/** Erasure for the modules that erase people (privacy requests, retention). */
export class ErasureService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly cipher: { forgetSubject(tenantId: string, subjectId: string): void },
    private readonly audit: AuditRecorder,
    private readonly journalPath: string | readonly string[] | undefined,
    private readonly epochs?: EpochDoomer,
  ) {}

  /** Erases inside the caller's transaction (with its other changes); then call `afterCommit`. */
  async eraseWithin(
    trx: Kysely<Database>,
    ctx: AuditContext,
    subject: { subjectId: string; reason: string },
  ): Promise<Tombstone> {
    const { epochId, ...tombstone } = await eraseSubject(trx, this.clock, {
      tenantId: ctx.tenantId,
      ...subject,
    });
    // Doomed before the commit: a crash after it can never leave the erasure out of the epochs
    // (a rolled-back erasure only dooms an epoch early, which loses nothing: survivors are carried).
    // Who was erased is recorded in the key folder only after the commit (`afterCommit`).
    if (epochId !== undefined && this.epochs !== undefined) {
      await this.epochs.doom(ctx.tenantId, epochId, new Date(tombstone.erasedAt));
      this.#epochOf.set(`${ctx.tenantId}/${subject.subjectId}`, epochId);
    }
    await this.audit.record(trx, ctx, {
      action: 'key.subject.erase',
      objectType: 'data_subject',
      objectId: subject.subjectId,
      outcome: 'success',
      details: { reason: subject.reason },
    });
    return tombstone;
  }

  readonly #epochOf = new Map<string, string>();

  /**
   * After the erasing transaction committed: journal it, record the person as erased in the key
   * folder's epoch, and forget the key in this process. (A crash before this runs is healed by the
   * `erasure-epochs` job, which records every erased key it finds under a live epoch.)
   */
  async afterCommit(tombstone: Tombstone): Promise<void> {
    const key = `${tombstone.tenantId}/${tombstone.subjectId}`;
    const epochId = this.#epochOf.get(key);
    this.#epochOf.delete(key);
    const paths = this.journalPath === undefined ? [] : [this.journalPath].flat();
    for (const path of paths) {
      try {
        journalTombstone(path, tombstone);
      } catch {
        // A copy that cannot be written now (an unmounted checkpoint folder) must not undo the
        // erasure; the other copies and the key folder's erased list still hold it.
      }
    }
    this.cipher.forgetSubject(tombstone.tenantId, tombstone.subjectId);
    if (epochId !== undefined)
      await this.epochs?.doom(tombstone.tenantId, epochId, new Date(tombstone.erasedAt), tombstone.subjectId);
  }

  /** Erases a subject in a transaction of its own. */
  async erase(ctx: AuditContext, subject: { subjectId: string; reason: string }): Promise<Tombstone> {
    const tombstone = await this.db.transaction().execute((trx) => this.eraseWithin(trx, ctx, subject));
    await this.afterCommit(tombstone);
    return tombstone;
  }
}

export async function listTombstones(db: Kysely<Database>): Promise<Tombstone[]> {
  const rows = await db.selectFrom('erasure_tombstones').selectAll().execute();
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    subjectId: r.subject_id,
    erasedAt: r.erased_at,
    reason: r.reason,
  }));
}

/** Tombstones from every given journal copy (each erasure once). */
export function readTombstoneJournals(paths: readonly string[]): Tombstone[] {
  const found = new Map<string, Tombstone>();
  for (const path of paths)
    for (const t of readTombstoneJournal(path)) found.set(`${t.tenantId}/${t.subjectId}`, t);
  return [...found.values()];
}

/** Tombstones from the journal file; malformed lines are skipped (the file is append-only text). */
export function readTombstoneJournal(journalPath: string): Tombstone[] {
  if (!existsSync(journalPath)) return [];
  const out: Tombstone[] = [];
  for (const line of readFileSync(journalPath, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const t = JSON.parse(line) as Partial<Tombstone>;
      if (
        typeof t.tenantId === 'string' &&
        typeof t.subjectId === 'string' &&
        typeof t.erasedAt === 'string'
      ) {
        out.push({
          tenantId: t.tenantId,
          subjectId: t.subjectId,
          erasedAt: t.erasedAt,
          reason: t.reason ?? 'unknown',
        });
      }
    } catch {
      // A torn last line after a crash: the database copy of the tombstone still exists.
    }
  }
  return out;
}

/** Re-applies tombstones to a (restored) database: destroys every listed subject key again. */
export async function reapplyTombstones(
  db: Kysely<Database>,
  tombstones: readonly Tombstone[],
): Promise<number> {
  let applied = 0;
  await db.transaction().execute(async (trx) => {
    for (const t of tombstones) {
      await trx
        .insertInto('erasure_tombstones')
        .values({ tenant_id: t.tenantId, subject_id: t.subjectId, erased_at: t.erasedAt, reason: t.reason })
        .onConflict((oc) => oc.columns(['tenant_id', 'subject_id']).doNothing())
        .execute();
      const result = await trx
        .updateTable('subject_keys')
        .set({ wrapped: null, erased_at: t.erasedAt })
        .where('tenant_id', '=', t.tenantId)
        .where('subject_id', '=', t.subjectId)
        .where('wrapped', 'is not', null)
        .executeTakeFirst();
      applied += Number(result.numUpdatedRows);
    }
  });
  return applied;
}
