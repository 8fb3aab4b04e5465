/** Tables of scheduled backups (migration 0037): the schedule per shop and the log of its runs. */
import type { Instant } from './foundation.tables.js';

/** A shop's daily backup to a folder on this machine. */
export interface BackupSchedulesTable {
  tenant_id: string;
  /** Absolute path of the folder the backups are written to. */
  folder: string;
  /** `HH:MM`, India Standard Time. */
  time_of_day: string;
  /** 1 while the schedule runs, 0 when turned off. */
  enabled: number;
  /** The next run (UTC), null while turned off. */
  next_run_at: Instant | null;
  updated_by: string | null;
  updated_at: Instant;
}

/** One run of a schedule: the backup it made, or why it could not. */
export interface BackupScheduleRunsTable {
  tenant_id: string;
  id: string;
  ran_at: Instant;
  outcome: 'success' | 'failure';
  /** The backup's own id (links to `backup_records`), null when none was made. */
  backup_id: string | null;
  /** Why the run failed: `folder_not_writable`, `test_restore_failed` or `backup_failed`. */
  problem: string | null;
}

export interface BackupTables {
  backup_schedules: BackupSchedulesTable;
  backup_schedule_runs: BackupScheduleRunsTable;
}
