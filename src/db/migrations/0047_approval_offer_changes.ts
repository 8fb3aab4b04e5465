/**
 * A manager's approval records the change to the sale's offers it approves (issue 15): the
 * offers left out and the offers applied anyway, as sorted lists. A checkout that changes the
 * offers may use only an approval of exactly that change, so a caller cannot swap the offers
 * between the approval and the payment. Null for approvals of a discount or a refund alone.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const approvalOfferChanges: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('discount_approvals').addColumn('offer_changes', 'text').execute();
  },
});
