/** Identity: credentials, roles, sessions, second factors, API tokens, invites, throttling. */
import type { CreateTableBuilder, Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

// Column names are checked by the database at migration time; the builder's name tracking is not needed here.
type Table = CreateTableBuilder<string, string>;
const text = (t: Table, name: string): Table => t.addColumn(name, 'text', (c) => c.notNull());

export const identity: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    let t: Table = db.schema.createTable('user_accounts');
    for (const c of ['tenant_id', 'user_id', 'login_index', 'email_enc', 'name_enc', 'created_at'])
      t = text(t, c);
    await t
      .addColumn('password_hash', 'text')
      .addColumn('password_changed_at', 'text')
      .addPrimaryKeyConstraint('user_accounts_pk', ['tenant_id', 'user_id'])
      .addUniqueConstraint('user_accounts_login_uq', ['login_index'])
      .execute();

    t = db.schema.createTable('password_history');
    for (const c of ['tenant_id', 'id', 'user_id', 'password_hash', 'created_at']) t = text(t, c);
    await t.addPrimaryKeyConstraint('password_history_pk', ['tenant_id', 'id']).execute();

    t = db.schema.createTable('roles');
    for (const c of ['tenant_id', 'id', 'name', 'created_at']) t = text(t, c);
    await t
      .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('roles_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('roles_name_uq', ['tenant_id', 'name'])
      .execute();

    t = db.schema.createTable('role_permissions');
    for (const c of ['tenant_id', 'role_id', 'permission']) t = text(t, c);
    await t.addPrimaryKeyConstraint('role_permissions_pk', ['tenant_id', 'role_id', 'permission']).execute();

    t = db.schema.createTable('user_roles');
    for (const c of ['tenant_id', 'user_id', 'role_id', 'store_id']) t = text(t, c);
    await t
      .addPrimaryKeyConstraint('user_roles_pk', ['tenant_id', 'user_id', 'role_id', 'store_id'])
      .execute();

    t = db.schema.createTable('sessions');
    for (const c of ['tenant_id', 'id', 'user_id', 'secret_hash', 'csrf_hash', 'created_at', 'last_seen_at'])
      t = text(t, c);
    await text(t, 'absolute_expires_at')
      .addColumn('mfa_verified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reauthenticated_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_reason', 'text')
      .addPrimaryKeyConstraint('sessions_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('sessions_id_uq', ['id'])
      .execute();
    await db.schema
      .createIndex('sessions_user_idx')
      .on('sessions')
      .columns(['tenant_id', 'user_id'])
      .execute();

    t = db.schema.createTable('totp_secrets');
    for (const c of ['tenant_id', 'user_id', 'secret_enc', 'created_at']) t = text(t, c);
    await t
      .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('confirmed_at', 'text')
      .addPrimaryKeyConstraint('totp_secrets_pk', ['tenant_id', 'user_id'])
      .execute();

    t = db.schema.createTable('recovery_codes');
    for (const c of ['tenant_id', 'id', 'user_id', 'code_hash', 'created_at']) t = text(t, c);
    await t
      .addColumn('used_at', 'text')
      .addPrimaryKeyConstraint('recovery_codes_pk', ['tenant_id', 'id'])
      .execute();

    t = db.schema.createTable('webauthn_credentials');
    for (const c of ['tenant_id', 'id', 'user_id', 'credential_id', 'public_key', 'transports', 'created_at'])
      t = text(t, c);
    await t
      .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('webauthn_credentials_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('webauthn_credentials_cred_uq', ['credential_id'])
      .execute();

    // Single-use WebAuthn challenges; tenant_id is null for passwordless sign-in options.
    await db.schema
      .createTable('webauthn_challenges')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text')
      .addColumn('user_id', 'text')
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();

    t = db.schema.createTable('api_tokens');
    for (const c of [
      'tenant_id',
      'id',
      'user_id',
      'name',
      'secret_hash',
      'scopes',
      'expires_at',
      'created_at',
    ])
      t = text(t, c);
    await t
      .addColumn('revoked_at', 'text')
      .addPrimaryKeyConstraint('api_tokens_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('api_tokens_id_uq', ['id'])
      .execute();

    t = db.schema.createTable('invites');
    for (const c of ['tenant_id', 'id', 'token_hash', 'role_id', 'store_id', 'created_by', 'expires_at'])
      t = text(t, c);
    await text(t, 'created_at')
      .addColumn('used_at', 'text')
      .addPrimaryKeyConstraint('invites_pk', ['tenant_id', 'id'])
      .addUniqueConstraint('invites_id_uq', ['id'])
      .execute();

    await db.schema
      .createTable('tenant_auth_settings')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('min_password_length', 'integer', (c) => c.notNull())
      .addColumn('pci_mode', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('counter_idle_minutes', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('auth_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_allowed_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
});
