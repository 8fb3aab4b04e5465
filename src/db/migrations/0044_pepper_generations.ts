/**
 * Password peppers that a KEK rotation retired (ADR 0054): `user_accounts.pepper_id` names the
 * retired pepper a hash was made under; null means the current pepper. A rotation marks every
 * existing hash with the pepper it retires, and the next sign-in re-hashes under the new one.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const pepperGenerations: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('user_accounts').addColumn('pepper_id', 'text').execute();
  },
});
