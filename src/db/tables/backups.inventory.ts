/** Data inventory of scheduled backups (see ../inventory.ts). */
import { col, defineInventory } from '../inventory.js';
import type { BackupTables } from './backups.tables.js';

const { op } = col;

export const backupsInventory = defineInventory<BackupTables>({
  backup_schedules: {
    description: "A shop's daily backup: the folder, the time of day, on or off, the next run",
    purposes: ['security', 'operations'],
    retention: 'while_needed',
    columns: {
      tenant_id: op,
      folder: op,
      time_of_day: op,
      enabled: op,
      next_run_at: op,
      updated_by: op,
      updated_at: op,
    },
  },
  backup_schedule_runs: {
    description: 'Runs of the scheduled backup (the backup made, or why it failed)',
    purposes: ['security', 'operations'],
    retention: 'evidence',
    columns: { tenant_id: op, id: op, ran_at: op, outcome: op, backup_id: op, problem: op },
  },
});
