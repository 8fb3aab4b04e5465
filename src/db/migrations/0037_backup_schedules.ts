/**
 * Scheduled backups: a shop's daily backup to a folder (the time of day in IST, the next run as a
 * UTC instant, on or off) and the log of the runs the job made (the backup's id, or the reason's code
 * when the run failed). The backups and their test restores themselves stay in
 * `backup_records`; a run links to them by the backup's id.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './registry.js';

export const backupSchedules: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('backup_schedules')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('folder', 'text', (c) => c.notNull())
      .addColumn('time_of_day', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('next_run_at', 'text')
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('backup_schedules_pk', ['tenant_id'])
      .execute();
    await db.schema
      .createTable('backup_schedule_runs')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('ran_at', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('backup_id', 'text')
      .addColumn('problem', 'text')
      .addPrimaryKeyConstraint('backup_schedule_runs_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('backup_schedule_runs_ran')
      .on('backup_schedule_runs')
      .columns(['tenant_id', 'ran_at'])
      .execute();
  },
});
