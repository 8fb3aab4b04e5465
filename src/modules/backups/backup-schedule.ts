/**
 * A shop's daily backup to a folder: the owner chooses the folder (an absolute path on this
 * machine, checked writable when saved) and the time of day (India Standard Time); the job runner
 * makes the backup at that time, test-restores it at once and logs the run (the backup's id, or
 * why it failed in words). Times are kept as UTC instants; the time of day is an IST clock time.
 */
import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { AppError } from '../../domain/app-error.js';
import { newId } from '../../domain/ids.js';

/** IST is UTC+05:30 all year. */
const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

/** The first instant after `after` at `hhmm` (IST). */
export function nextDailyRun(after: Date, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const ist = new Date(after.getTime() + IST_OFFSET_MS);
  let at =
    Date.UTC(ist.getUTCFullYear(), ist.getUTCMonth(), ist.getUTCDate(), h ?? 0, m ?? 0) - IST_OFFSET_MS;
  if (at <= after.getTime()) at += DAY_MS;
  return new Date(at);
}

/**
 * Checks (and creates, 0700) the folder a scheduled backup writes to: an absolute path, a folder,
 * writable by this server. Refusals name the field.
 */
/** A refusal of the folder, with the reason the form says in words. */
const refuse = (reason: 'not_full_path' | 'inside_data' | 'not_writable', message: string) =>
  new AppError('validation_failed', message, 'folder', { reason: `backup_folder_${reason}` });

export function prepareBackupFolder(folder: string, dataDir: string): string {
  if (!isAbsolute(folder))
    throw refuse('not_full_path', 'the folder must be a full path, starting from the top');
  const path = normalize(folder);
  if (path === normalize(dataDir) || path.startsWith(`${normalize(dataDir)}/`))
    throw refuse('inside_data', 'choose a folder outside the data folder (a backup must outlive it)');
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    if (!statSync(path).isDirectory()) throw new Error('not a folder');
    accessSync(path, constants.W_OK);
    const probe = join(path, `.tijori-probe-${newId()}`);
    writeFileSync(probe, '', { mode: 0o600 });
    rmSync(probe);
  } catch {
    throw refuse('not_writable', 'this server cannot write to that folder');
  }
  return path;
}

/** Moves a finished backup into the folder under its id (0600). */
export function placeBackup(staging: string, folder: string, backupId: string): string {
  const target = join(folder, `tijori-${backupId}.tjbackup`);
  renameSync(staging, target);
  return target;
}
