/**
 * Export packages under two keys (issue 24, item 2): `privacy_exports.package` now holds the
 * package sealed (AES-256-GCM) under a random package key; `package_key_enc` holds that key,
 * under an argon2id key from the requester's password where the package has one, inside a
 * field-cipher envelope under the customer's own key (so erasure shreds it, backups included);
 * `kdf` names the argon2id parameters and salt. The key and the package are wiped at the first
 * download or at expiry. Packages stored before this migration are wiped: they were protected by
 * the zip's PBKDF2-SHA1 alone and are expired early rather than kept.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const exportPackageKeys: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('privacy_exports').addColumn('package_key_enc', 'text').execute();
    await db.schema.alterTable('privacy_exports').addColumn('kdf', 'text').execute();
    await sql`update privacy_exports set package = ${Buffer.alloc(0)}, expires_at = created_at where package_key_enc is null`.execute(
      db,
    );
  },
});
