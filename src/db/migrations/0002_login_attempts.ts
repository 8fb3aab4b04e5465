/** The login attempt log shared by throttling (identity) and the login detectors (monitoring). */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const loginAttempts: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('login_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text')
      .addColumn('user_id', 'text')
      .addColumn('account_key', 'text', (c) => c.notNull())
      .addColumn('source_ip', 'text', (c) => c.notNull())
      .addColumn('source_network', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('login_attempts_account_idx')
      .on('login_attempts')
      .columns(['account_key', 'created_at'])
      .execute();
    await db.schema
      .createIndex('login_attempts_network_idx')
      .on('login_attempts')
      .columns(['source_network', 'created_at'])
      .execute();
    await db.schema
      .createIndex('login_attempts_tenant_idx')
      .on('login_attempts')
      .columns(['tenant_id', 'created_at'])
      .execute();
  },
});
