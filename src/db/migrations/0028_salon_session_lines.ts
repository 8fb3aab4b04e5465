/**
 * Commissions on redeemed package sessions: each `redeemed` package event names the invoice line
 * it paid (`line_no`, nullable for other events and for redemptions recorded before this), so the
 * stylist who performed that line earns commission on the session's value.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const salonSessionLines: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('package_events').addColumn('line_no', 'integer').execute();
  },
});
