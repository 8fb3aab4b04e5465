/**
 * The Aadhaar vault and the khata guarantor (issue 17, items 4 and 6): the shop's vault setting
 * (off by default), the business-side references (customer, random token, last 4 digits
 * encrypted), the vault itself (token and number only, encrypted), and the guarantor's name
 * (encrypted). Revealing a number from the vault gets its own permission, `aadhaar.reveal`,
 * held by the built-in owner and admin roles (as in `permissions.ts`).
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

const GRANTED_TO = ['owner', 'admin'] as const;

export const agriVault: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('aadhaar_vault_settings')
      .addColumn('tenant_id', 'text', (c) => c.notNull().primaryKey())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('aadhaar_references')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('last4_enc', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('aadhaar_references_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('aadhaar_references_customer', ['tenant_id', 'customer_id'])
      .execute();
    await db.schema
      .createTable('aadhaar_vault')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('number_enc', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('aadhaar_vault_pk', ['tenant_id', 'token'])
      .execute();
    await db.schema
      .createTable('khata_guarantors')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('name_enc', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('khata_guarantors_pk', ['tenant_id', 'customer_id'])
      .execute();
    await sql`insert into role_permissions (tenant_id, role_id, permission)
      select tenant_id, id, ${'aadhaar.reveal'} from roles
      where builtin = 1 and name in (${sql.join([...GRANTED_TO])})
      on conflict do nothing`.execute(db);
  },
});
