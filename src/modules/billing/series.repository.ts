/**
 * Document series: one counter row per store, series (invoice | credit-note | debit-note) and
 * financial year.
 * The next number is taken inside the issuing transaction with one UPDATE ... RETURNING: on
 * PostgreSQL it holds the row lock until commit, on SQLite the transaction already holds the
 * write lock (BEGIN IMMEDIATE). A rollback returns the number, so numbers stay consecutive with
 * no gap and no duplicate. The format (prefix, year, digits) is fixed when a year's series
 * starts, so a prefix change never breaks a year's sequence.
 */
import type { Kysely } from 'kysely';
import { prepareQuery } from '../../db/prepared-query.js';
import type { Database } from '../../db/schema.js';
import {
  financialYear,
  formatDocumentNumber,
  type FinancialYear,
  type SeriesFormat,
} from '../../domain/numbering/index.js';

export type SeriesName = 'invoice' | 'credit-note' | 'debit-note';
/** Every counter kept in `document_counters`: the documents' series and stock transfers' delivery challans (Rule 55). */
export type CounterSeries = SeriesName | 'delivery-challan' | OfflineSeries;
/** A counter's own invoice series for offline sales (issue 21): `counter:<counter id>`. */
export type OfflineSeries = `counter:${string}`;

export interface TakenNumber {
  readonly seq: number;
  readonly number: string;
  readonly seriesKey: string;
}

/** The key naming a series in documents and doc_issue: store, series and financial year. */
export function seriesKeyOf(storeId: string, series: CounterSeries, fy: number): string {
  return `${storeId}/${series}/${fy}`;
}

const advanceCounter = prepareQuery(
  (db, p: { tenantId: string; storeId: string; series: CounterSeries; fy: number }) =>
    db
      .updateTable('document_counters')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
      .where('tenant_id', '=', p.tenantId)
      .where('store_id', '=', p.storeId)
      .where('series', '=', p.series)
      .where('fy', '=', p.fy)
      .returning(['last_seq', 'prefix', 'include_year', 'min_digits']),
);

/** Takes the next number of the series inside `trx`. */
export async function takeNextNumber(
  trx: Kysely<Database>,
  tenantId: string,
  storeId: string,
  series: CounterSeries,
  year: FinancialYear,
  format: Required<SeriesFormat>,
  now: string,
): Promise<TakenNumber> {
  const next = async () =>
    (await advanceCounter.execute(trx, { tenantId, storeId, series, fy: year.startYear }))[0];
  // The year's first document creates the counter (a concurrent first one waits, then finds it).
  let row = await next();
  if (row === undefined) {
    await trx
      .insertInto('document_counters')
      .values({
        tenant_id: tenantId,
        store_id: storeId,
        series,
        fy: year.startYear,
        prefix: format.prefix,
        include_year: format.includeYear ? 1 : 0,
        min_digits: format.minDigits,
        last_seq: 0,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'store_id', 'series', 'fy']).doNothing())
      .execute();
    row = await next();
  }
  if (row === undefined) throw new Error('the document counter could not be created');
  const number = formatDocumentNumber(
    { prefix: row.prefix, includeYear: row.include_year === 1, minDigits: row.min_digits },
    year,
    row.last_seq,
  );
  return { seq: row.last_seq, number, seriesKey: seriesKeyOf(storeId, series, year.startYear) };
}

export interface SeriesState {
  storeId: string;
  series: SeriesName;
  fy: number;
  fyLabel: string;
  lastSequence: number;
  lastNumber: string | null;
  nextNumber: string;
}

/** The current year's series of a store, with the next number each would give. */
export async function seriesStates(
  db: Kysely<Database>,
  tenantId: string,
  storeId: string,
  year: FinancialYear,
  formats: Record<SeriesName, Required<SeriesFormat>>,
): Promise<SeriesState[]> {
  const rows = await db
    .selectFrom('document_counters')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('store_id', '=', storeId)
    .where('fy', '=', year.startYear)
    .execute();
  return (['invoice', 'credit-note', 'debit-note'] as const).map((series) => {
    const row = rows.find((r) => r.series === series);
    const format = row
      ? { prefix: row.prefix, includeYear: row.include_year === 1, minDigits: row.min_digits }
      : formats[series];
    const last = row?.last_seq ?? 0;
    const fy = financialYear(year.startYear);
    return {
      storeId,
      series,
      fy: year.startYear,
      fyLabel: fy.label,
      lastSequence: last,
      lastNumber: last > 0 ? formatDocumentNumber(format, fy, last) : null,
      nextNumber: formatDocumentNumber(format, fy, last + 1),
    };
  });
}
