/**
 * Queries of the offline counter: counters and their series codes, cache keys, number blocks and
 * the offline sales that arrived. The reservation of a block advances the counter's series in
 * `document_counters` with one UPDATE ... RETURNING, so concurrent reservations never overlap.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CounterKeysTable, CounterNumberBlocksTable } from '../../db/tables/offline.tables.js';
import type { OfflineSeries } from '../billing/series.repository.js';

export type KeyRow = Selectable<CounterKeysTable>;
export type BlockRow = Selectable<CounterNumberBlocksTable>;

/** The series a counter's offline invoices are numbered in. */
export function offlineSeriesOf(counterId: string): OfflineSeries {
  return `counter:${counterId}`;
}

export async function findCounter(
  db: Kysely<Database>,
  tenantId: string,
  storeId: string,
  counterId: string | undefined,
): Promise<{ id: string; name: string; store_id: string } | undefined> {
  let query = db
    .selectFrom('counters')
    .select(['id', 'name', 'store_id'])
    .where('tenant_id', '=', tenantId)
    .where('store_id', '=', storeId);
  if (counterId !== undefined) query = query.where('id', '=', counterId);
  return query.orderBy('created_at').orderBy('id').executeTakeFirst();
}

export async function counterById(
  db: Kysely<Database>,
  tenantId: string,
  counterId: string,
): Promise<{ id: string; name: string; store_id: string } | undefined> {
  return db
    .selectFrom('counters')
    .select(['id', 'name', 'store_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', counterId)
    .executeTakeFirst();
}

/**
 * The counter's series code (`C1`, `C2`, ...), made on first use: the lowest free number that is
 * no store's invoice, credit-note or debit-note prefix, so its numbers meet no other series.
 */
export async function ensureSeriesCode(
  trx: Kysely<Database>,
  tenantId: string,
  counter: { id: string; store_id: string },
  now: string,
): Promise<string> {
  const existing = await trx
    .selectFrom('counter_series')
    .select('code')
    .where('tenant_id', '=', tenantId)
    .where('counter_id', '=', counter.id)
    .executeTakeFirst();
  if (existing !== undefined) return existing.code;
  const codes = await trx
    .selectFrom('counter_series')
    .select('code')
    .where('tenant_id', '=', tenantId)
    .execute();
  const prefixes = await trx
    .selectFrom('store_profiles')
    .select(['invoice_prefix', 'credit_note_prefix', 'debit_note_prefix'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const taken = new Set([
    ...codes.map((c) => c.code),
    ...prefixes.flatMap((p) => [p.invoice_prefix, p.credit_note_prefix, p.debit_note_prefix ?? '']),
  ]);
  let n = 1;
  while (taken.has(`C${String(n)}`)) n += 1;
  const code = `C${String(n)}`;
  await trx
    .insertInto('counter_series')
    .values({
      tenant_id: tenantId,
      counter_id: counter.id,
      store_id: counter.store_id,
      code,
      created_at: now,
    })
    .execute();
  return code;
}

export async function findKey(
  db: Kysely<Database>,
  tenantId: string,
  keyId: string,
): Promise<KeyRow | undefined> {
  return db
    .selectFrom('counter_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', keyId)
    .executeTakeFirst();
}

export async function activeKeyOf(
  db: Kysely<Database>,
  tenantId: string,
  counterId: string,
  sessionId: string,
): Promise<KeyRow | undefined> {
  return db
    .selectFrom('counter_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('counter_id', '=', counterId)
    .where('session_id', '=', sessionId)
    .where('state', '=', 'active')
    .executeTakeFirst();
}

export async function findBlock(
  db: Kysely<Database>,
  tenantId: string,
  blockId: string,
): Promise<BlockRow | undefined> {
  return db
    .selectFrom('counter_number_blocks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', blockId)
    .executeTakeFirst();
}

/**
 * Advances the counter's series by `size` numbers and returns the last of them (the series row
 * is made with the counter's code as prefix on the year's first reservation).
 */
export async function advanceSeries(
  trx: Kysely<Database>,
  p: {
    tenantId: string;
    storeId: string;
    counterId: string;
    fy: number;
    size: number;
    code: string;
    now: string;
  },
): Promise<{ lastSeq: number; prefix: string; includeYear: boolean; minDigits: number }> {
  const series = offlineSeriesOf(p.counterId);
  const advance = () =>
    trx
      .updateTable('document_counters')
      .set((eb) => ({ last_seq: eb('last_seq', '+', p.size) }))
      .where('tenant_id', '=', p.tenantId)
      .where('store_id', '=', p.storeId)
      .where('series', '=', series)
      .where('fy', '=', p.fy)
      .returning(['last_seq', 'prefix', 'include_year', 'min_digits'])
      .executeTakeFirst();
  let row = await advance();
  if (row === undefined) {
    await trx
      .insertInto('document_counters')
      .values({
        tenant_id: p.tenantId,
        store_id: p.storeId,
        series,
        fy: p.fy,
        prefix: p.code,
        include_year: 1,
        min_digits: 5,
        last_seq: 0,
        created_at: p.now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'store_id', 'series', 'fy']).doNothing())
      .execute();
    row = await advance();
  }
  if (row === undefined) throw new Error("the counter's series could not be created");
  return {
    lastSeq: Number(row.last_seq),
    prefix: row.prefix,
    includeYear: row.include_year === 1,
    minDigits: row.min_digits,
  };
}

/** The format of a counter's series in a year (fixed when the year's series started). */
export async function seriesFormat(
  db: Kysely<Database>,
  tenantId: string,
  block: Pick<BlockRow, 'store_id' | 'counter_id' | 'fy'>,
): Promise<{ prefix: string; includeYear: boolean; minDigits: number }> {
  const row = await db
    .selectFrom('document_counters')
    .select(['prefix', 'include_year', 'min_digits'])
    .where('tenant_id', '=', tenantId)
    .where('store_id', '=', block.store_id)
    .where('series', '=', offlineSeriesOf(block.counter_id))
    .where('fy', '=', block.fy)
    .executeTakeFirstOrThrow();
  return { prefix: row.prefix, includeYear: row.include_year === 1, minDigits: row.min_digits };
}

/**
 * Gives a released block's unused numbers back to the series when no later block was reserved
 * (the series still ends where this block ends), so the next block continues without a gap.
 */
export async function returnUnused(
  trx: Kysely<Database>,
  tenantId: string,
  block: BlockRow,
  usedTo: number,
): Promise<boolean> {
  const result = await trx
    .updateTable('document_counters')
    .set({ last_seq: usedTo })
    .where('tenant_id', '=', tenantId)
    .where('store_id', '=', block.store_id)
    .where('series', '=', offlineSeriesOf(block.counter_id))
    .where('fy', '=', block.fy)
    .where('last_seq', '=', block.last_seq)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The numbers of a block that arrived as sales. */
export async function arrivedSeqs(db: Kysely<Database>, tenantId: string, blockIds: readonly string[]) {
  if (blockIds.length === 0) return [];
  return db
    .selectFrom('offline_sales')
    .select(['block_id', 'seq', 'made_at', 'arrived_at'])
    .where('tenant_id', '=', tenantId)
    .where('block_id', 'in', blockIds)
    .orderBy('seq')
    .execute();
}
