/**
 * The back office's charts (issue 14, items 4 and 9): sales by IST day for the last 30 days
 * (today included), the payment mix, the top items and the sales per store, over the stores the
 * caller may see (a person assigned to one store sees that store only). Amounts are integer
 * paise: invoices not cancelled and debit notes, less credit notes. Sums come from SQL
 * (dashboard.repository.ts); this fills the days without sales and names the stores.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { addDays } from '../../domain/agri/season.js';
import { istDateOf } from '../../domain/gst/index.js';
import { requireActorPermission, visibleStores, type ServiceActor } from '../../kernel/actor.js';
import {
  paymentMix,
  salesByDay,
  salesByStore,
  storeNames,
  topItems,
  type DashboardScope,
} from './dashboard.repository.js';

/** Days the sales chart covers, today included. */
export const DASHBOARD_DAYS = 30;
/** Items in the top items chart. */
export const TOP_ITEMS = 5;

export interface DashboardStats {
  from: string;
  to: string;
  /** One entry per day from `from` to `to`, days without sales at 0. */
  days: { date: string; netPaise: number; invoices: number }[];
  /** Per payment method, money taken less refunds; largest first. */
  payments: { method: string; netPaise: number }[];
  items: { itemId: string; name: string; netPaise: number; quantityMilli: number }[];
  /** Every store the caller may see, in the order they were added, stores without sales at 0. */
  stores: { storeId: string; name: string; netPaise: number; invoices: number }[];
  netPaise: number;
}

export class DashboardService {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  async stats(actor: ServiceActor): Promise<DashboardStats> {
    requireActorPermission(actor, 'report.sales', 'sales reports');
    const to = istDateOf(this.deps.clock.now());
    const from = addDays(to, 1 - DASHBOARD_DAYS);
    const scope: DashboardScope = { tenantId: actor.tenantId, from, to, stores: visibleStores(actor) };
    const { db } = this.deps;
    const [byDay, byStore, payments, items, names] = await Promise.all([
      salesByDay(db, scope),
      salesByStore(db, scope),
      paymentMix(db, scope),
      topItems(db, scope, TOP_ITEMS),
      storeNames(db, actor.tenantId, scope.stores),
    ]);
    const days = Array.from({ length: DASHBOARD_DAYS }, (_, i) => {
      const date = addDays(from, i);
      return byDay.find((d) => d.date === date) ?? { date, netPaise: 0, invoices: 0 };
    });
    return {
      from,
      to,
      days,
      payments: payments.sort((a, b) => b.netPaise - a.netPaise || a.method.localeCompare(b.method)),
      items,
      stores: names.map((s) => {
        const sums = byStore.find((b) => b.storeId === s.id);
        return { storeId: s.id, name: s.name, netPaise: sums?.netPaise ?? 0, invoices: sums?.invoices ?? 0 };
      }),
      netPaise: days.reduce((sum, d) => sum + d.netPaise, 0),
    };
  }
}
