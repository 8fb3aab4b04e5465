/**
 * A day's sales at a glance (the back office's start page): invoices issued and cancelled,
 * credit notes, debit notes, the zero-rated part of the invoices (exports and SEZ supplies), the
 * net, and the money taken and refunded by payment method, for one IST calendar day in the stores
 * the caller may see. Sums in SQL over the day's documents.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { istDateOf } from '../../domain/gst/index.js';
import type { Clock } from '../../domain/clock.js';
import { requireActorPermission, visibleStores, type ServiceActor } from '../../kernel/actor.js';

export interface DocumentTally {
  count: number;
  totalPaise: number;
}

export interface DailySales {
  date: string;
  invoices: DocumentTally;
  cancelled: DocumentTally;
  creditNotes: DocumentTally;
  /** Price increases after the sale (issue 18): they add to the day's sales. */
  debitNotes: DocumentTally;
  /** Of the invoices not cancelled, those zero-rated: exports and supplies to an SEZ. */
  zeroRated: DocumentTally;
  /** Invoices not cancelled and debit notes, less credit notes. */
  netPaise: number;
  /**
   * Per method: taken on invoices and debit notes (change given back already deducted) and
   * refunded on credit notes.
   */
  payments: { method: string; takenPaise: number; refundedPaise: number }[];
}

export class SalesSummaryService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  async daily(actor: ServiceActor, filter: { date?: string; storeId?: string }): Promise<DailySales> {
    requireActorPermission(actor, 'report.sales', 'sales reports');
    const date = filter.date ?? istDateOf(this.deps.clock.now());
    const stores = visibleStores(actor);
    let docs = this.deps.db
      .selectFrom('sales_documents as d')
      .leftJoin('sales_cancellations as c', (j) =>
        j.onRef('c.tenant_id', '=', 'd.tenant_id').onRef('c.document_id', '=', 'd.id'),
      )
      .where('d.tenant_id', '=', actor.tenantId)
      .where('d.doc_date', '=', date);
    // '' keeps the list valid SQL for a person assigned to no store.
    if (stores !== 'all') docs = docs.where('d.store_id', 'in', ['', ...stores]);
    if (filter.storeId !== undefined) docs = docs.where('d.store_id', '=', filter.storeId);
    const tallies = await docs
      .select([
        'd.doc_type as docType',
        sql<number>`case when c.document_id is null then 0 else 1 end`.as('cancelled'),
        sql<number>`case when d.supply_type = 'regular' then 0 else 1 end`.as('zeroRated'),
        sql<number>`count(*)`.as('count'),
        sql<number>`coalesce(sum(d.total), 0)`.as('total'),
      ])
      .groupBy([
        'd.doc_type',
        sql`case when c.document_id is null then 0 else 1 end`,
        sql`case when d.supply_type = 'regular' then 0 else 1 end`,
      ])
      .execute();
    const methods = await docs
      .innerJoin('sales_payments as p', (j) =>
        j.onRef('p.tenant_id', '=', 'd.tenant_id').onRef('p.document_id', '=', 'd.id'),
      )
      .where('c.document_id', 'is', null)
      .select([
        'p.method as method',
        sql<number>`coalesce(sum(case when d.doc_type = 'credit-note' then 0 else p.amount end), 0)`.as(
          'taken',
        ),
        sql<number>`coalesce(sum(case when d.doc_type = 'credit-note' then p.amount else 0 end), 0)`.as(
          'refunded',
        ),
      ])
      .groupBy('p.method')
      .orderBy('p.method')
      .execute();
    const tally = (docType: string, cancelled: number, zeroRatedOnly = false): DocumentTally => {
      const rows = tallies.filter(
        (t) =>
          t.docType === docType &&
          Number(t.cancelled) === cancelled &&
          (!zeroRatedOnly || Number(t.zeroRated) === 1),
      );
      return {
        count: rows.reduce((sum, row) => sum + Number(row.count), 0),
        totalPaise: rows.reduce((sum, row) => sum + Number(row.total), 0),
      };
    };
    const invoices = tally('invoice', 0);
    const creditNotes = tally('credit-note', 0);
    const debitNotes = tally('debit-note', 0);
    return {
      date,
      invoices,
      cancelled: tally('invoice', 1),
      creditNotes,
      debitNotes,
      zeroRated: tally('invoice', 0, true),
      netPaise: invoices.totalPaise + debitNotes.totalPaise - creditNotes.totalPaise,
      payments: methods.map((m) => ({
        method: m.method,
        takenPaise: Number(m.taken),
        refundedPaise: Number(m.refunded),
      })),
    };
  }
}
