/**
 * Refunds and cash-outs beyond the cashier's allowance need a manager, as discounts do (issue
 * 14): the shop's refund allowance (money paid out of the till on one credit note without
 * approval, Rs 2,000 by default), and the purpose of each approval (`discount` or `refund`), so
 * an approval given for one cannot be spent on the other.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const refundApprovals: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const int64 = columnTypes(engine).int64;
    await db.schema
      .alterTable('billing_settings')
      .addColumn('refund_allowance_paise', int64, (c) => c.notNull().defaultTo(200_000))
      .execute();
    await db.schema
      .alterTable('discount_approvals')
      .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('discount'))
      .execute();
  },
});
