/**
 * Backups from the web app: the owner runs one now (an encrypted backup to the installation's
 * backup key, written into `<data folder>/backups/`), sees the history of backups and test
 * restores (from `backup_records`, which the self-audit also reads) and downloads a backup file.
 * The backup itself is made by the keys module's backup service, which records it with its audit
 * entry; this service adds who asked, in the tenant's audit chain.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { DatabaseHandle } from '../../db/database.js';
import { notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { createBackup } from '../keys/backup.service.js';

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
    const made = await createBackup(config, database, keyProvider, staging, { audit, clock });
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

  /** Backups and test restores, newest first. */
  async history(_actor: ServiceActor, limit = 50): Promise<BackupEntry[]> {
    const rows = await this.deps.database.db
      .selectFrom('backup_records')
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      occurredAt: r.occurred_at,
      outcome: r.outcome,
      backupId: r.backup_id,
      format: r.format,
      downloadable:
        r.kind === 'backup' && r.backup_id !== null && existsSync(join(this.folder(), fileName(r.backup_id))),
    }));
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
