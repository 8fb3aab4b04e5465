/**
 * Backups run from the web app, on both engines: the backups service calls the keys module's
 * backup, keeps the file in the data folder's backups/, lists it with its result among the test
 * restores, hands it out for download (recorded) and answers not-found for any other id.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildConfig, type Config } from '../../src/config/config.js';
import { createKeyFile, loadFileKeyProvider } from '../../src/crypto/file.key-provider.js';
import { systemClock } from '../../src/domain/clock.js';
import { operatorActor } from '../../src/kernel/actor.js';
import { BackupsService } from '../../src/modules/backups/backups.service.js';
import { describeEachEngine } from '../support/engines.js';
import { captureAudit } from '../support/audit-capture.js';

describeEachEngine('backups from the web app', (getDb) => {
  let config: Config;
  let work: string;
  beforeAll(() => {
    const { location } = getDb();
    work = mkdtempSync(join(tmpdir(), 'tijori-web-backup-'));
    const dataDir = location.sqlitePath !== undefined ? dirname(location.sqlitePath) : join(work, 'data');
    config = buildConfig({
      dataDir,
      ...(location.url === undefined ? {} : { databaseUrl: location.url }),
      kekFile: join(work, 'kek.key'),
    });
    createKeyFile(join(work, 'kek.key'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('runs a backup, lists it as downloadable, hands out the encrypted file and records each step', async () => {
    const audit = captureAudit();
    const service = new BackupsService({
      config,
      database: getDb(),
      keyProvider: loadFileKeyProvider(join(work, 'kek.key')),
      clock: systemClock,
      audit: audit.recorder,
    });
    const owner = operatorActor('t-web-backup');
    const made = await service.runNow(owner);
    expect(made).toMatchObject({ kind: 'backup', outcome: 'success', downloadable: true });
    const history = await service.history(owner);
    expect(history.find((h) => h.backupId === made.backupId)).toMatchObject({ downloadable: true });
    const file = await service.fileFor(owner, made.backupId ?? '');
    expect(readFileSync(file.path).subarray(0, 15).toString()).toBe('TIJORI-BACKUP-2');
    expect(statSync(dirname(file.path)).mode & 0o077).toBe(0);
    expect(existsSync(`${file.path}.part`)).toBe(false);
    await expect(service.fileFor(owner, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
    const actions = audit.events.filter((e) => e.context.tenantId === 't-web-backup').map((e) => e.action);
    expect(actions).toEqual(['backup.run', 'backup.download']);
  });
});
