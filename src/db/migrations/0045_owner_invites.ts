/**
 * Hosted mode (issue 20): a business made by `tijori tenants create` gets its owner through a
 * one-time invite bound to the owner's email. `invites.login_index` holds the installation-wide
 * keyed index of that email (never the email itself); an invite with it can be redeemed only with
 * the same email. Staff invites leave it empty, as before.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const ownerInvites: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('invites').addColumn('login_index', 'text').execute();
  },
});
