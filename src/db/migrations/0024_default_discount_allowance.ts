/**
 * A sensible default cashier discount allowance (issue 14): new shops start at 5 % (the
 * billing settings' default), and a shop whose settings row still holds the old default of 0 %
 * moves to 5 % unless someone in the shop ever set the allowance (an audited
 * `settings.billing.change` naming `discountAllowancePercent`): a shop that chose 0 % keeps it.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

/** The allowance a shop that never chose one gets (as `DEFAULT_SETTINGS` in billing, today). */
const DEFAULT_DISCOUNT_ALLOWANCE_PERCENT = 5;

export const defaultDiscountAllowance: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await sql`
      update billing_settings
         set discount_allowance_pct = ${DEFAULT_DISCOUNT_ALLOWANCE_PERCENT}
       where discount_allowance_pct = 0
         and not exists (
           select 1 from audit_entries a
            where a.tenant_id = billing_settings.tenant_id
              and a.action = 'settings.billing.change'
              and a.details like '%discountAllowancePercent%')`.execute(db);
  },
});
