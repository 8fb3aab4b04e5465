/**
 * The counter (web app, phase 2): the cashier's discount allowance on the shop's billing
 * settings, and manager approvals of discounts beyond it (single use, bound to the cashier's
 * session and store, short-lived).
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';
import type { MigrationFactory } from './registry.js';

export const counter: MigrationFactory = (engine) => ({
  async up(db: Kysely<unknown>) {
    const int64 = columnTypes(engine).int64;
    await db.schema
      .alterTable('billing_settings')
      .addColumn('discount_allowance_pct', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('discount_approvals')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('approver_id', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('max_discount_paise', int64, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('document_id', 'text')
      .addPrimaryKeyConstraint('discount_approvals_pk', ['tenant_id', 'id'])
      .execute();
  },
});
