/**
 * The installation's record of backups and test restores (`backup_records`), which the self-audit
 * reads to say whether there is a recent backup and whether backups are proven restorable. A
 * record is written in the same transaction as the audit entry of the backup or test.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { BackupRecordKind } from '../../db/tables/security-audit.tables.js';
import { newId } from '../../domain/ids.js';

export interface BackupRecord {
  kind: BackupRecordKind;
  occurredAt: string;
  outcome: 'success' | 'failure';
  backupId: string | null;
  fileHash: string | null;
  format: string | null;
  recipientKeyId: string | null;
  /** Counts, checks made and reasons; never personal data. */
  details: Record<string, unknown>;
}

export async function insertBackupRecord(db: Kysely<Database>, record: BackupRecord): Promise<void> {
  await db
    .insertInto('backup_records')
    .values({
      id: newId(),
      kind: record.kind,
      occurred_at: record.occurredAt,
      outcome: record.outcome,
      backup_id: record.backupId,
      file_hash: record.fileHash,
      format: record.format,
      recipient_key_id: record.recipientKeyId,
      details: JSON.stringify(record.details),
    })
    .execute();
}

/** SHA-256 (hex) of a file, read as a stream. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
