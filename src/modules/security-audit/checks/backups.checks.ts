/**
 * Backup checks, from the installation's record of backups and test restores: a successful backup
 * in the last 24 hours, and backups proven restorable by a test restore (`tijori restore FILE
 * --verify-only`) within the last 30 days.
 */
import type { BackupRecordsTable } from '../../../db/tables/security-audit.tables.js';
import { DAY_MS, daysBefore, type CheckContext, type SecurityCheck } from '../check.types.js';

export const BACKUP_MAX_AGE_HOURS = 24;
export const RESTORE_TEST_MAX_AGE_DAYS = 30;

async function latest(ctx: CheckContext, kind: BackupRecordsTable['kind']) {
  return ctx.db
    .selectFrom('backup_records')
    .select(['id', 'occurred_at', 'backup_id', 'format', 'recipient_key_id'])
    .where('kind', '=', kind)
    .where('outcome', '=', 'success')
    .orderBy('occurred_at', 'desc')
    .executeTakeFirst();
}

const ageHours = (ctx: CheckContext, at: string) =>
  Math.floor((ctx.now.getTime() - new Date(at).getTime()) / 3_600_000);

export const backupFreshnessCheck: SecurityCheck = {
  id: 'backups.recent',
  title: `A backup in the last ${String(BACKUP_MAX_AGE_HOURS)} hours`,
  category: 'backups',
  severity: 'high',
  remediation:
    'Run `tijori backup --out FILE` every day (a scheduled task), and keep the files on another machine or removable media. Backups are encrypted; keep the key to open them apart from them.',
  async run(ctx) {
    const last = await latest(ctx, 'backup');
    const evidence = {
      lastBackupAt: last?.occurred_at ?? null,
      format: last?.format ?? null,
      recipientKeyId: last?.recipient_key_id ?? null,
      maxAgeHours: BACKUP_MAX_AGE_HOURS,
    };
    if (last === undefined) return { status: 'fail', found: 'No backup has ever been made.', evidence };
    const hours = ageHours(ctx, last.occurred_at);
    if (hours >= BACKUP_MAX_AGE_HOURS)
      return { status: 'fail', found: `The last backup is ${String(hours)} hours old.`, evidence };
    return { status: 'pass', found: `The last backup is ${String(hours)} hour(s) old.`, evidence };
  },
};

export const restoreTestCheck: SecurityCheck = {
  id: 'backups.restore-tested',
  title: `Backups proven restorable in the last ${String(RESTORE_TEST_MAX_AGE_DAYS)} days`,
  category: 'backups',
  severity: 'high',
  remediation:
    'Test a recent backup: `tijori restore FILE --verify-only` decrypts it, loads it into a temporary database, checks it (integrity, migrations, audit chains, keys) and records the result, without touching the live data.',
  async run(ctx) {
    const last = await latest(ctx, 'restore_test');
    const evidence = {
      lastRestoreTestAt: last?.occurred_at ?? null,
      backupId: last?.backup_id ?? null,
      maxAgeDays: RESTORE_TEST_MAX_AGE_DAYS,
    };
    if (last === undefined)
      return { status: 'fail', found: 'No backup has ever been test-restored.', evidence };
    if (last.occurred_at < daysBefore(ctx.now, RESTORE_TEST_MAX_AGE_DAYS))
      return {
        status: 'warn',
        found: `The last test restore was ${String(Math.floor((ctx.now.getTime() - new Date(last.occurred_at).getTime()) / DAY_MS))} days ago.`,
        evidence,
      };
    return { status: 'pass', found: 'A backup was test-restored recently.', evidence };
  },
};
