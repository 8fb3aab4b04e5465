/**
 * Backups from the web app: the owner runs one now (an encrypted backup to the installation's
 * backup key, written into `<data folder>/backups/`), sees the history of backups and test
 * restores (from `backup_records`, which the self-audit also reads) and downloads a backup file.
 * The backup itself is made by the keys module's backup service, which records it with its audit
 * entry; this service adds who asked, in the tenant's audit chain.
 *
 * The owner also schedules a daily backup to a folder (`backup-schedule.ts`): the
 * `scheduled-backups` job makes each due one, test-restores it at once and logs the run; the
 * history marks scheduled runs and shows a failed run with its reason. The service reads and
 * writes its own tables and `backup_records` directly (no other module writes them).
 */
import { tenantJobsMayRun } from '../jobs/tenant-work.js';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { DatabaseHandle } from '../../db/database.js';
import { asSystem } from '../../db/tenant-scope.js';
import { notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { systemContext, type AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { Logger } from '../../logging/logger.js';
import type { VerifyKey } from '../audit/audit-verify.js';
import { createBackup } from '../keys/backup.service.js';
import type { JobDefinition } from '../jobs/job-runner.js';
import { testRestore } from '../security-audit/restore-test.service.js';
import { nextDailyRun, placeBackup, prepareBackupFolder } from './backup-schedule.js';

export interface BackupEntry {
  id: string;
  /** `backup` or `test_restore` (the kinds of backup_records). */
  kind: string;
  occurredAt: string;
  outcome: 'success' | 'failure';
  backupId: string | null;
  format: string | null;
  /** A backup made here whose file is still in the backups folder. */
  downloadable: boolean;
  /** Made (or tested) by the daily schedule. */
  scheduled: boolean;
  /** Why a scheduled run failed (`ScheduledRunProblemCode`); null otherwise. */
  problem: string | null;
}

/** A shop's daily backup as the owner set it. */
export interface BackupScheduleView {
  folder: string;
  /** `HH:MM`, India Standard Time. */
  timeOfDay: string;
  enabled: boolean;
  /** The next run (UTC instant), null while turned off. */
  nextRunAt: string | null;
}

export interface BackupScheduleInput {
  folder: string;
  timeOfDay: string;
  enabled: boolean;
}

/** Why a scheduled run failed: `folder_not_writable`, `test_restore_failed` or `backup_failed`. */
export type ScheduledRunProblemCode = 'folder_not_writable' | 'test_restore_failed' | 'backup_failed';

class ScheduledRunProblem extends Error {
  constructor(readonly problem: ScheduledRunProblemCode) {
    super(problem);
  }
}

/** The file name of a backup made from the web app: its id, so it can be found again. */
const fileName = (backupId: string) => `tijori-${backupId}.tjbackup`;

export class BackupsService {
  constructor(
    private readonly deps: {
      config: Config;
      database: DatabaseHandle;
      keyProvider: KeyProvider;
      clock: Clock;
      audit: AuditRecorder;
      /** The installation's audit verification key: a test restore checks the chains with it. */
      verifyKey?: () => Promise<VerifyKey>;
    },
  ) {}

  /** The folder web-app backups go to (created 0700 on first use). */
  folder(): string {
    const dir = join(this.deps.config.dataDir, 'backups');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  async runNow(actor: ServiceActor): Promise<BackupEntry> {
    const { config, database, keyProvider, clock, audit } = this.deps;
    const staging = join(this.folder(), `.${newId()}.part`);
    // A backup is the installation's, not one business's: it reads every table and writes the
    // installation's audit chain, so it runs in the system scope (ADR 0064), as the CLI does.
    const made = await asSystem('backup from the web app', () =>
      createBackup(config, database, keyProvider, staging, { audit, clock }),
    );
    renameSync(staging, join(this.folder(), fileName(made.backupId)));
    await database.db.transaction().execute(async (trx) => {
      await audit.record(trx, actor.audit, {
        action: 'backup.run',
        objectType: 'backup',
        objectId: made.backupId,
        outcome: 'success',
        details: { format: made.format, from: 'web' },
      });
    });
    const history = await this.history(actor);
    const entry = history.find((h) => h.backupId === made.backupId && h.kind === 'backup');
    if (entry === undefined) throw notFound('backup');
    return entry;
  }

  /** Backups and test restores, with the schedule's failed runs, newest first. */
  async history(actor: ServiceActor, limit = 50): Promise<BackupEntry[]> {
    const { db } = this.deps.database;
    const rows = await db
      .selectFrom('backup_records')
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    const runs = await db
      .selectFrom('backup_schedule_runs')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .orderBy('ran_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    const scheduled = new Set(runs.flatMap((r) => (r.backup_id === null ? [] : [r.backup_id])));
    const entries: BackupEntry[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      occurredAt: r.occurred_at,
      outcome: r.outcome,
      backupId: r.backup_id,
      format: r.format,
      downloadable:
        r.kind === 'backup' && r.backup_id !== null && existsSync(join(this.folder(), fileName(r.backup_id))),
      scheduled: r.backup_id !== null && scheduled.has(r.backup_id),
      problem: null,
    }));
    for (const run of runs)
      if (run.outcome === 'failure')
        entries.push({
          id: run.id,
          kind: 'backup',
          occurredAt: run.ran_at,
          outcome: 'failure',
          backupId: null,
          format: null,
          downloadable: false,
          scheduled: true,
          problem: run.problem,
        });
    return entries
      .sort((a, b) =>
        a.occurredAt === b.occurredAt ? a.id.localeCompare(b.id) : a.occurredAt < b.occurredAt ? 1 : -1,
      )
      .slice(0, limit);
  }

  /** The shop's daily backup, or null when none was set. */
  async schedule(actor: ServiceActor): Promise<BackupScheduleView | null> {
    const row = await this.deps.database.db
      .selectFrom('backup_schedules')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .executeTakeFirst();
    return row === undefined ? null : scheduleView(row);
  }

  /** Sets (or turns off) the daily backup; the folder is checked writable; recorded. */
  async setSchedule(actor: ServiceActor, input: BackupScheduleInput): Promise<BackupScheduleView> {
    const { database, clock, config, audit } = this.deps;
    const folder = prepareBackupFolder(input.folder, config.dataDir);
    const now = clock.now();
    const row = {
      tenant_id: actor.tenantId,
      folder,
      time_of_day: input.timeOfDay,
      enabled: input.enabled ? 1 : 0,
      next_run_at: input.enabled ? nextDailyRun(now, input.timeOfDay).toISOString() : null,
      updated_by: actor.userId,
      updated_at: now.toISOString(),
    };
    await database.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('backup_schedules')
        .select(['folder', 'time_of_day', 'enabled'])
        .where('tenant_id', '=', actor.tenantId)
        .executeTakeFirst();
      await trx
        .insertInto('backup_schedules')
        .values(row)
        .onConflict((oc) =>
          oc.column('tenant_id').doUpdateSet({
            folder: row.folder,
            time_of_day: row.time_of_day,
            enabled: row.enabled,
            next_run_at: row.next_run_at,
            updated_by: row.updated_by,
            updated_at: row.updated_at,
          }),
        )
        .execute();
      await audit.record(trx, actor.audit, {
        action: 'backup.schedule',
        objectType: 'backup_schedule',
        objectId: actor.tenantId,
        outcome: 'success',
        details: {
          timeOfDay: input.timeOfDay,
          enabled: input.enabled,
          folderChanged: before === undefined || before.folder !== folder,
          ...(before === undefined
            ? {}
            : { previousTimeOfDay: before.time_of_day, previouslyEnabled: before.enabled === 1 }),
        },
      });
    });
    return scheduleView(row);
  }

  /**
   * Makes every due scheduled backup: the next run is moved on first (so a crash does not repeat
   * it in a loop), then the backup is written to the folder, test-restored, and the run logged
   * and recorded in the shop's audit trail. Returns how many ran.
   */
  async runDue(): Promise<number> {
    const { database, clock } = this.deps;
    const now = clock.now();
    const due = await database.db
      .selectFrom('backup_schedules')
      .selectAll()
      .where('enabled', '=', 1)
      .where('next_run_at', '<=', now.toISOString())
      .orderBy('tenant_id')
      .execute();
    let ran = 0;
    for (const schedule of due) {
      // A suspended business's backups wait; the first check after it is resumed makes the one due.
      if (!(await tenantJobsMayRun(database.db, schedule.tenant_id))) continue;
      const claimed = await database.db
        .updateTable('backup_schedules')
        .set({ next_run_at: nextDailyRun(now, schedule.time_of_day).toISOString() })
        .where('tenant_id', '=', schedule.tenant_id)
        .where('next_run_at', '=', schedule.next_run_at)
        .executeTakeFirst();
      if (claimed.numUpdatedRows === 0n) continue;
      await this.#runScheduled(schedule.tenant_id, schedule.folder);
      ran += 1;
    }
    return ran;
  }

  /** The job that runs due scheduled backups (checked every minute). */
  job(logger: Logger): JobDefinition {
    return {
      name: 'scheduled-backups',
      intervalMs: 60_000,
      retryMs: 60_000,
      leaseMs: 60 * 60_000,
      run: async () => {
        const ran = await this.runDue();
        if (ran > 0) logger.info({ ran }, 'scheduled backups made');
      },
    };
  }

  async #runScheduled(tenantId: string, folder: string): Promise<void> {
    const { config, database, keyProvider, clock, audit } = this.deps;
    const context = systemContext(tenantId, 'scheduled-backup');
    const ranAt = clock.now().toISOString();
    let backupId: string | null = null;
    let problem: ScheduledRunProblemCode | null = null;
    let restoreOk: boolean | null = null;
    const staging = join(folder, `.${newId()}.part`);
    try {
      try {
        prepareBackupFolder(folder, config.dataDir);
      } catch {
        throw new ScheduledRunProblem('folder_not_writable');
      }
      const made = await createBackup(config, database, keyProvider, staging, { audit, clock });
      const file = placeBackup(staging, folder, made.backupId);
      chmodSync(file, 0o600);
      backupId = made.backupId;
      if (this.deps.verifyKey !== undefined) {
        const tested = await testRestore(config, database.db, file, keyProvider, {
          verifyKey: await this.deps.verifyKey(),
          audit,
          clock,
        });
        restoreOk = tested.ok;
        if (!tested.ok) problem = 'test_restore_failed';
      }
    } catch (error) {
      try {
        rmSync(staging, { force: true });
      } catch {
        // The folder itself is gone or is not a folder: nothing was staged there.
      }
      problem = error instanceof ScheduledRunProblem ? error.problem : 'backup_failed';
    }
    const outcome = backupId !== null && problem === null ? 'success' : 'failure';
    await database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('backup_schedule_runs')
        .values({ tenant_id: tenantId, id: newId(), ran_at: ranAt, outcome, backup_id: backupId, problem })
        .execute();
      await audit.record(trx, context, {
        action: 'backup.scheduled_run',
        objectType: 'backup',
        objectId: backupId,
        outcome,
        details: { testRestore: restoreOk, ...(problem === null ? {} : { problem }) },
      });
    });
  }

  /** The path of a downloadable backup file, recorded as a download. */
  async fileFor(actor: ServiceActor, backupId: string): Promise<{ path: string; name: string }> {
    const path = join(this.folder(), fileName(backupId));
    if (!existsSync(path)) throw notFound('backup');
    await this.deps.database.db.transaction().execute(async (trx) => {
      await this.deps.audit.record(trx, actor.audit, {
        action: 'backup.download',
        objectType: 'backup',
        objectId: backupId,
        outcome: 'success',
        details: {},
      });
    });
    return { path, name: fileName(backupId) };
  }
}

function scheduleView(row: {
  folder: string;
  time_of_day: string;
  enabled: number;
  next_run_at: string | null;
}): BackupScheduleView {
  return {
    folder: row.folder,
    timeOfDay: row.time_of_day,
    enabled: row.enabled === 1,
    nextRunAt: row.next_run_at,
  };
}
