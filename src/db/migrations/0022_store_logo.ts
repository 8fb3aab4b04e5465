/**
 * The shop's logo on A4 documents: a nullable `logo` on each store's printed details (a PNG or
 * JPEG as a `data:` URL of at most 96 KB, validated at the boundary).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const storeLogo: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('store_profiles').addColumn('logo', 'text').execute();
  },
});
