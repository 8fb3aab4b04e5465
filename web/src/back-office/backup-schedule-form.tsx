/**
 * The daily backup to a folder (the owner only; saving asks for the password again): the folder on
 * this computer or a mounted drive, the time of day (India time), on or off, and when it runs next.
 * The server checks that it can write to the folder and names the field when it cannot.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { api } from '../api/api-client';
import { formatDateTime } from '../format/dates';
import { FormFooter } from '../shell/form-footer';
import { Notice } from '../shell/status';
import { useAction } from '../shell/use-load';

export interface BackupSchedule {
  folder: string;
  timeOfDay: string;
  enabled: boolean;
  nextRunAt: string | null;
}

export function BackupScheduleForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<BackupSchedule | null>(null);
  const [folder, setFolder] = useState('');
  const [time, setTime] = useState('02:30');
  const [enabled, setEnabled] = useState(true);
  const action = useAction();
  useEffect(() => {
    void api<{ schedule: BackupSchedule | null }>('GET', '/backups/schedule').then(({ schedule }) => {
      if (schedule === null) return;
      setSaved(schedule);
      setFolder(schedule.folder);
      setTime(schedule.timeOfDay);
      setEnabled(schedule.enabled);
    });
  }, []);
  // Why the server refused the folder, said in the form's words.
  const reason = action.error instanceof ApiError ? action.error.details?.reason : undefined;
  const folderProblem =
    typeof reason === 'string' && reason.startsWith('backup_folder_')
      ? reason.slice('backup_folder_'.length)
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const schedule = await api<BackupSchedule>('PUT', '/backups/schedule', {
        folder: folder.trim(),
        timeOfDay: time,
        enabled,
      });
      setSaved(schedule);
      setFolder(schedule.folder);
      onSaved();
      return schedule.enabled ? t('backups.schedule.saved') : t('backups.schedule.savedOff');
    });
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t('backups.schedule.title')}</h2>
      <p>{t('backups.schedule.intro')}</p>
      <div className="field">
        <label htmlFor="schedule-folder">{t('backups.schedule.folder')}</label>
        <input
          id="schedule-folder"
          autoComplete="off"
          maxLength={500}
          required
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          aria-describedby="schedule-folder-hint"
        />
        <small id="schedule-folder-hint">{t('backups.schedule.folderHint')}</small>
      </div>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="schedule-time">{t('backups.schedule.time')}</label>
          <input
            id="schedule-time"
            type="time"
            required
            value={time}
            onChange={(e) => setTime(e.target.value)}
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t('backups.schedule.enabled')}
        </label>
      </div>
      {saved !== null && (
        <p data-testid="schedule-next">
          {saved.enabled && saved.nextRunAt !== null
            ? t('backups.schedule.next', { when: formatDateTime(saved.nextRunAt) })
            : t('backups.schedule.off')}
        </p>
      )}
      {folderProblem === null ? (
        <FormFooter action={action} label={t('backups.schedule.save')} />
      ) : (
        <>
          <p className="message message-error" role="alert">
            {t('backups.schedule.folderProblem', {
              field: t('backups.schedule.folder'),
              problem: t(`backups.schedule.problems.${folderProblem}`),
            })}
          </p>
          <Notice>{action.notice}</Notice>
          <button type="submit" className="primary" disabled={action.busy}>
            {t('backups.schedule.save')}
          </button>
        </>
      )}
    </form>
  );
}
