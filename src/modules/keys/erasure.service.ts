/**
 * Crypto-shredding. Each data subject's personal data is encrypted under the subject's own key;
 * erasing the subject destroys that key and records a tombstone (ids only). Every copy of the
 * data, in any table or any backup, becomes unreadable. Tombstones are also appended to a journal
 * file in the data folder, so that a restore can re-apply erasures even when the database being
 * replaced is lost.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';

export interface Tombstone {
  tenantId: string;
  subjectId: string;
  erasedAt: string;
  reason: string;
}

/** Destroys the subject's key inside `trx` and records the tombstone there and in the journal. */
export async function eraseSubject(
  trx: Kysely<Database>,
  clock: Clock,
  tombstone: Omit<Tombstone, 'erasedAt'>,
  journalPath?: string,
): Promise<Tombstone> {
  const erasedAt = clock.now().toISOString();
  const existing = await trx
    .selectFrom('subject_keys')
    .select('tenant_id')
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
  const result = { ...tombstone, erasedAt };
  if (journalPath !== undefined) appendFileSync(journalPath, `${JSON.stringify(result)}\n`, { mode: 0o600 });
  return result;
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
