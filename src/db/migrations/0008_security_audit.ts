/**
 * Regular security audits: self-audit runs and their reports, the record of backups and test
 * restores, access-review settings, campaigns and items. Also gives the built-in roles of existing
 * tenants the two new permissions (new tenants get them from `builtinRoles`).
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

/** Permission -> the built-in roles that hold it (as in `permissions.ts`). */
const NEW_PERMISSIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['security_audit.run', ['owner', 'admin']],
  ['access_review.decide', ['owner', 'admin', 'manager']],
];

export const securityAudit: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('security_audit_runs')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('score', 'real')
      .addColumn('pass_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('warn_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('fail_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unknown_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('report', 'text')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('security_audit_runs_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('security_audit_runs_by_time')
      .on('security_audit_runs')
      .columns(['tenant_id', 'started_at'])
      .execute();

    await db.schema
      .createTable('backup_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('backup_id', 'text')
      .addColumn('file_hash', 'text')
      .addColumn('format', 'text')
      .addColumn('recipient_key_id', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('backup_records_by_time')
      .on('backup_records')
      .columns(['kind', 'occurred_at'])
      .execute();

    await db.schema
      .createTable('access_review_settings')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('frequency_months', 'integer', (c) => c.notNull())
      .addColumn('due_days', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('access_review_campaigns')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addColumn('escalated_at', 'text')
      .addPrimaryKeyConstraint('access_review_campaigns_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('access_review_campaigns_by_time')
      .on('access_review_campaigns')
      .columns(['tenant_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('access_review_items')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('campaign_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('role_id', 'text', (c) => c.notNull())
      .addColumn('role_name', 'text', (c) => c.notNull())
      .addColumn('store_id', 'text', (c) => c.notNull())
      .addColumn('reviewer_scope', 'text', (c) => c.notNull())
      .addColumn('decision', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('escalated_at', 'text')
      .addPrimaryKeyConstraint('access_review_items_pk', ['tenant_id', 'id'])
      .addForeignKeyConstraint(
        'access_review_items_campaign_fk',
        ['tenant_id', 'campaign_id'],
        'access_review_campaigns',
        ['tenant_id', 'id'],
      )
      .execute();
    await db.schema
      .createIndex('access_review_items_by_campaign')
      .on('access_review_items')
      .columns(['tenant_id', 'campaign_id'])
      .execute();

    for (const [permission, roles] of NEW_PERMISSIONS)
      await sql`insert into role_permissions (tenant_id, role_id, permission)
        select tenant_id, id, ${permission} from roles
        where builtin = 1 and name in (${sql.join(roles)})
        on conflict do nothing`.execute(db);
  },
});
