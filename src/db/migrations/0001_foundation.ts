/** Installation, tenants (businesses), stores with their GSTIN and state, counters, users. */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const foundation: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('installation')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('setup_code_hash', 'text')
      .addColumn('setup_code_expires_at', 'text')
      .addColumn('setup_completed_at', 'text')
      .execute();

    await db.schema
      .createTable('tenants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    // Every tenant-owned table leads with tenant_id so the schema can be distributed by tenant.
    await db.schema
      .createTable('stores')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('gstin', 'text', (c) => c.notNull())
      .addColumn('state_code', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('stores_pk', ['tenant_id', 'id'])
      .execute();

    await db.schema
      .createTable('counters')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('counters_pk', ['tenant_id', 'id'])
      .addForeignKeyConstraint('counters_store_fk', ['tenant_id', 'store_id'], 'stores', ['tenant_id', 'id'])
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('users_pk', ['tenant_id', 'id'])
      .execute();
  },
});
