/**
 * The daily backup to a folder, on both engines, with a controllable clock: the owner sets the
 * folder and the time (IST); the job runner makes nothing before that time and one backup at it,
 * written 0600 into the folder and test-restored at once; the history shows the scheduled backup
 * and its test restore, and a failed run with its reason in words; the next run moves to the next
 * day; a bad folder is refused naming the field with nothing saved; each step is recorded.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from '../../src/kernel/actor.js';
import { createLogger } from '../../src/logging/logger.js';
import { nextDailyRun } from '../../src/modules/backups/backup-schedule.js';
import { JobRunner } from '../../src/modules/jobs/job-runner.js';
import { LogCapture } from '../support/app.js';
import { describeEachEngine } from '../support/engines.js';
import {
  createAuditFixture,
  createShop,
  type AuditFixture,
} from '../security-audit/support/audit-fixture.js';

const MINUTE = 60_000;

describe('the next daily run (IST time of day, UTC instants)', () => {
  const at = new Date('2026-04-01T10:00:00.000Z'); // 15:30 IST
  it('is later the same IST day when the time is still ahead', () => {
    expect(nextDailyRun(at, '23:59').toISOString()).toBe('2026-04-01T18:29:00.000Z');
  });
  it('is the next IST day when the time has passed or is now', () => {
    expect(nextDailyRun(at, '15:30').toISOString()).toBe('2026-04-02T10:00:00.000Z');
    expect(nextDailyRun(at, '02:30').toISOString()).toBe('2026-04-01T21:00:00.000Z');
    expect(nextDailyRun(at, '09:00').toISOString()).toBe('2026-04-02T03:30:00.000Z');
  });
  it('crosses the UTC date line: 03:00 IST is 21:30 UTC the day before', () => {
    expect(nextDailyRun(new Date('2026-04-01T20:00:00.000Z'), '03:00').toISOString()).toBe(
      '2026-04-01T21:30:00.000Z',
    );
  });
});

describeEachEngine('scheduled backups', (getDb, engine) => {
  let f: AuditFixture;
  let work: string;
  let runner: JobRunner;

  beforeAll(async () => {
    f = await createAuditFixture(getDb(), engine);
    work = mkdtempSync(join(tmpdir(), 'tijori-scheduled-backup-'));
    // A runner with only this job: ticks are driven by the test's clock, never by waiting.
    runner = new JobRunner(f.db, f.clock, createLogger({ level: 'silent', destination: new LogCapture() }));
    runner.register(f.services.backups.job(createLogger({ level: 'silent', destination: new LogCapture() })));
  }, 120_000);
  afterAll(async () => {
    await runner?.stop();
    await f?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  const auditActions = async (tenantId: string) =>
    (
      await f.db
        .selectFrom('audit_entries')
        .select('action')
        .where('tenant_id', '=', tenantId)
        .where('action', 'like', 'backup.%')
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  it('makes the backup at the chosen time, test-restores it and moves to the next day', async () => {
    const shop = await createShop(f, 'Schedule Fabrics');
    const owner = operatorActor(shop.tenantId);
    const folder = join(work, `daily-${shop.tenantId}`);
    const set = await f.services.backups.setSchedule(owner, { folder, timeOfDay: '02:30', enabled: true });
    const due = new Date(set.nextRunAt ?? '');
    expect(due.getTime()).toBe(nextDailyRun(f.clock.now(), '02:30').getTime());
    expect(await f.services.backups.schedule(owner)).toEqual(set);

    // A minute before: the runner looks, nothing is made.
    f.clock.set(new Date(due.getTime() - MINUTE));
    await runner.tick();
    expect(readdirSync(folder)).toEqual([]);

    f.clock.set(new Date(due.getTime() + MINUTE));
    expect(await runner.tick()).toEqual(['scheduled-backups']);
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^tijori-[0-9a-f-]{36}\.tjbackup$/);
    expect(statSync(join(folder, files[0] ?? '')).mode & 0o077).toBe(0);
    const backupId = /tijori-(.+)\.tjbackup/.exec(files[0] ?? '')?.[1];
    const history = await f.services.backups.history(owner);
    const mine = history.filter((h) => h.backupId === backupId);
    expect(mine.map((h) => [h.kind, h.outcome, h.scheduled]).sort()).toEqual([
      ['backup', 'success', true],
      ['restore_test', 'success', true],
    ]);
    const next = await f.services.backups.schedule(owner);
    expect(next?.nextRunAt).toBe(new Date(due.getTime() + 86_400_000).toISOString());

    // The runner's next look (a minute later) makes no second backup the same day.
    f.clock.advance(2 * MINUTE);
    await runner.tick();
    expect(readdirSync(folder)).toHaveLength(1);
    expect(await auditActions(shop.tenantId)).toEqual(['backup.schedule', 'backup.scheduled_run']);
  }, 120_000);

  it('a run that cannot write its folder is in the history with the reason; a schedule turned off does not run', async () => {
    const shop = await createShop(f, 'Failing Fabrics');
    const owner = operatorActor(shop.tenantId);
    const folder = join(work, `gone-${shop.tenantId}`);
    const set = await f.services.backups.setSchedule(owner, { folder, timeOfDay: '04:00', enabled: true });
    // The folder is replaced by a file before the run.
    rmSync(folder, { recursive: true });
    writeFileSync(folder, 'not a folder');
    const due = new Date(set.nextRunAt ?? '');
    f.clock.set(new Date(due.getTime() + MINUTE));
    await runner.tick();
    const failed = (await f.services.backups.history(owner)).filter(
      (h) => h.scheduled && h.outcome === 'failure' && h.occurredAt === f.clock.now().toISOString(),
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]?.problem).toBe('folder_not_writable');
    expect(await auditActions(shop.tenantId)).toEqual(['backup.schedule', 'backup.scheduled_run']);
    const run = await f.db
      .selectFrom('audit_entries')
      .select('outcome')
      .where('tenant_id', '=', shop.tenantId)
      .where('action', '=', 'backup.scheduled_run')
      .executeTakeFirstOrThrow();
    expect(run.outcome).toBe('failure');

    // Turned off: no next run, and the runner makes nothing for this shop.
    const elsewhere = join(work, `off-${shop.tenantId}`);
    const off = await f.services.backups.setSchedule(owner, {
      folder: elsewhere,
      timeOfDay: '04:00',
      enabled: false,
    });
    expect(off.nextRunAt).toBeNull();
    f.clock.advance(86_400_000 + MINUTE);
    await runner.tick();
    expect(readdirSync(elsewhere)).toEqual([]);
  }, 120_000);

  it('refuses a folder it cannot use, naming the field, and saves nothing', async () => {
    const shop = await createShop(f, 'Careful Fabrics');
    const owner = operatorActor(shop.tenantId);
    const file = join(work, `a-file-${shop.tenantId}`);
    writeFileSync(file, 'x');
    for (const folder of ['backups/daily', join(f.config.dataDir, 'backups-here'), join(file, 'inside')])
      await expect(
        f.services.backups.setSchedule(owner, { folder, timeOfDay: '02:30', enabled: true }),
      ).rejects.toMatchObject({ code: 'validation_failed', field: 'folder' });
    expect(await f.services.backups.schedule(owner)).toBeNull();
    expect(await auditActions(shop.tenantId)).toEqual([]);
  });
});
