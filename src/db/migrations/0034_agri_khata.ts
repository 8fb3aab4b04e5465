/**
 * The farmer's khata through the season (issue 17): each shop's khata settings (simple interest
 * on overdue amounts, off by default, its yearly rate and grace days; the day each crop season's
 * credit falls due; SMS reminders of overdue khata) and the reminders sent (one per farmer and
 * due date, so the job never sends the same reminder twice).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const agriKhata: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('khata_settings')
      .addColumn('tenant_id', 'text', (c) => c.notNull().primaryKey())
      .addColumn('interest_enabled', 'integer', (c) => c.notNull())
      .addColumn('interest_rate_bp', 'integer', (c) => c.notNull())
      .addColumn('grace_days', 'integer', (c) => c.notNull())
      .addColumn('kharif_due', 'text', (c) => c.notNull())
      .addColumn('rabi_due', 'text', (c) => c.notNull())
      .addColumn('zaid_due', 'text', (c) => c.notNull())
      .addColumn('reminders_enabled', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('khata_reminders')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('delivery_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('khata_reminders_pk', ['tenant_id', 'customer_id', 'due_date'])
      .execute();
  },
});
