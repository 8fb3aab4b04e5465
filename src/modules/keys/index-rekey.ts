/**
 * The re-indexer of contact blind indexes (ADR 0033). A tenant's phone, last-4 and email index
 * values are computed under an *index generation* kept in the key folder. A new generation is
 * started when an erasure doomed an epoch the current one does not cover (so the erased person's
 * old values, in old backups, stop being computable once the old generation is destroyed), or when
 * a class of customers grew or shrank past its planned width. The re-indexer then recomputes every
 * row under the new generation, page by page (each page commits, so a stop resumes where it was),
 * and makes it current, which destroys the old generation's secret. A restored database is brought
 * to the current generation the same way. Customers are the only rows carrying contact indexes.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import { classOf, planIndexWidths, widthOf, type ClassCounts, type IndexWidths } from './blind-lookup.js';
import type { ErasureEpochStore } from './erasure-epochs.js';
import { contactClassCounts, type FieldCipherService } from './field-cipher.service.js';

const PAGE = 200;

export interface RekeyResult {
  /** Generations started (erasure or growth). */
  started: number;
  /** Rows whose contact indexes were recomputed. */
  reindexed: number;
  /** Generations made current (each destroyed the one before). */
  promoted: number;
}

export type RekeyProgress = (tenantId: string, done: number) => void;

/** The bit budget of each class in planned widths. */
function budgets(w: IndexWidths): Record<keyof IndexWidths, number> {
  return { p: w.p.phone ?? 0, e: w.e.email ?? 0, pe: (w.pe.phone ?? 0) + (w.pe.email ?? 0) };
}

/**
 * Whether the planned widths must change: at once when a class shrank below its width's mean
 * (privacy), and only when a class has grown a quarter past the next width (lookup cost), so a shop
 * hovering at a boundary is not re-indexed on every new customer or erasure.
 */
export function needsReplan(current: IndexWidths, counts: ClassCounts): boolean {
  const now = budgets(current);
  const fit = budgets(planIndexWidths(counts));
  const grown = budgets(
    planIndexWidths({ p: (counts.p * 4) / 5, e: (counts.e * 4) / 5, pe: (counts.pe * 4) / 5 }),
  );
  return (['p', 'e', 'pe'] as const).some((c) => fit[c] < now[c] || grown[c] > now[c]);
}

export class IndexRekeyer {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipherService,
    private readonly store: ErasureEpochStore,
    /** Rows per page (each page commits on its own). */
    private readonly pageSize = PAGE,
  ) {}

  /**
   * Whether no index value computable by a held generation can link the epoch's erased people: the
   * current generation was started after the epoch was doomed, or the tenant never had one (no
   * customer with a phone or email; `run` creates one for any tenant with index values).
   */
  covers(tenantId: string, epochId: string): boolean {
    const { current, next } = this.store.indexGenerations(tenantId);
    if (current === undefined && next === undefined) return true;
    return next === undefined && current !== undefined && current.covers.includes(epochId);
  }

  async run(onProgress?: RekeyProgress): Promise<RekeyResult> {
    const result: RekeyResult = { started: 0, reindexed: 0, promoted: 0 };
    const inDb = await this.db
      .selectFrom('customers')
      .select('tenant_id')
      .distinct()
      .where((eb) => eb.or([eb('phone_idx', 'is not', null), eb('email_idx', 'is not', null)]))
      .execute();
    const tenants = [...new Set([...inDb.map((r) => r.tenant_id), ...this.store.indexedTenants()])].sort();
    for (const tenantId of tenants) await this.#runTenant(tenantId, result, onProgress);
    return result;
  }

  async #runTenant(tenantId: string, result: RekeyResult, onProgress?: RekeyProgress): Promise<void> {
    let { current, next } = await this.cipher.indexGenerations(tenantId);
    if (next === undefined) {
      const doomed = this.store.doomedEpochIds(tenantId);
      const counts = await contactClassCounts(this.db, tenantId);
      if (doomed.some((id) => !current.covers.includes(id)) || needsReplan(current.widths, counts)) {
        await this.store.startIndexGeneration(tenantId, 'next', planIndexWidths(counts), doomed);
        result.started += 1;
        ({ current, next } = await this.cipher.indexGenerations(tenantId));
      }
    }
    const target = next ?? current;
    const prefix = `${String(target.generation)}.%`;
    let after = '';
    let done = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('customers as c')
        .leftJoin('subject_keys as sk', (j) =>
          j.onRef('sk.tenant_id', '=', 'c.tenant_id').onRef('sk.subject_id', '=', 'c.id'),
        )
        .select([
          'c.id',
          'c.phone_enc',
          'c.email_enc',
          'c.phone_idx',
          'c.email_idx',
          'sk.wrapped as subject_key',
        ])
        .where('c.tenant_id', '=', tenantId)
        .where('c.id', '>', after)
        .where((eb) =>
          eb.or([
            eb.and([eb('c.phone_idx', 'is not', null), eb('c.phone_idx', 'not like', prefix)]),
            eb.and([eb('c.phone_last4_idx', 'is not', null), eb('c.phone_last4_idx', 'not like', prefix)]),
            eb.and([eb('c.email_idx', 'is not', null), eb('c.email_idx', 'not like', prefix)]),
          ]),
        )
        .orderBy('c.id')
        .limit(this.pageSize)
        .execute();
      if (rows.length === 0) break;
      const updates: Array<{
        id: string;
        phoneEnc: string | null;
        emailEnc: string | null;
        set: { phone_idx: string | null; phone_last4_idx: string | null; email_idx: string | null };
      }> = [];
      for (const row of rows) {
        after = row.id;
        const open = async (column: 'phone_enc' | 'email_enc', envelope: string | null) => {
          if (envelope === null || row.subject_key === null) return null;
          const ref = { tenantId, table: 'customers', column, rowId: row.id, subjectId: row.id };
          try {
            return await this.cipher.decryptWithSubjectKey(ref, envelope, row.subject_key);
          } catch (error) {
            if (error instanceof AppError && error.details?.reason === 'erased') return null;
            throw error;
          }
        };
        // Only a field that carried an index gets one again (an erased person's stay cleared).
        const phone = row.phone_idx === null ? null : await open('phone_enc', row.phone_enc);
        const email = row.email_idx === null ? null : await open('email_enc', row.email_enc);
        const cls = classOf(phone !== null, email !== null);
        const value = async (kind: 'phone' | 'phone_last4' | 'email', clear: string | null) => {
          if (clear === null || cls === undefined) return null;
          const bits = widthOf(kind, target.widths, cls) ?? 0;
          return this.cipher.contactIndex(tenantId, kind, clear, target.generation, bits);
        };
        updates.push({
          id: row.id,
          phoneEnc: row.phone_enc,
          emailEnc: row.email_enc,
          set: {
            phone_idx: await value('phone', phone),
            phone_last4_idx: await value('phone_last4', phone),
            email_idx: await value('email', email),
          },
        });
      }
      await this.db.transaction().execute(async (trx) => {
        for (const u of updates) {
          // Compare-and-set: a customer edited meanwhile was indexed by the edit itself.
          const changed = await trx
            .updateTable('customers')
            .set(u.set)
            .where('tenant_id', '=', tenantId)
            .where('id', '=', u.id)
            .where((eb) =>
              u.phoneEnc === null ? eb('phone_enc', 'is', null) : eb('phone_enc', '=', u.phoneEnc),
            )
            .where((eb) =>
              u.emailEnc === null ? eb('email_enc', 'is', null) : eb('email_enc', '=', u.emailEnc),
            )
            .executeTakeFirst();
          done += Number(changed.numUpdatedRows);
        }
      });
      onProgress?.(tenantId, done);
    }
    result.reindexed += done;
    if (next !== undefined) {
      await this.store.promoteIndexGeneration(tenantId, next.generation);
      this.cipher.forgetIndexKeys();
      result.promoted += 1;
    }
  }
}

/** Rows of a tenant still carrying a contact index value outside the current generation. */
export async function staleIndexRows(
  db: Kysely<Database>,
  tenantId: string,
  generation: number,
): Promise<number> {
  const prefix = `${String(generation)}.%`;
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where(
      sql<boolean>`((phone_idx is not null and phone_idx not like ${prefix}) or (email_idx is not null and email_idx not like ${prefix}))`,
    )
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
