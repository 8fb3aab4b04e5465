/**
 * An installation upgraded from a release whose first run asked for fewer details is asked for
 * what is missing at the owner's next sign-in (issue 14). The optional details (phone, email, UPI
 * id, logo) can be skipped; a skip is remembered per owner, store and detail so the prompt does not
 * return at every sign-in. The store's address cannot be skipped (Rule 46 needs it on every bill).
 * `store_id` is `*` for a shop-wide detail (the UPI id).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const missingDetailSkips: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('missing_detail_skips')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('skipped_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('missing_detail_skips_pk', ['tenant_id', 'user_id', 'store_id', 'detail'])
      .execute();
  },
});
