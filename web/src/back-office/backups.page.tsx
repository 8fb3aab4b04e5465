/**
 * Backups (the owner only; each action asks for the password again): run an encrypted backup now,
 * the history of backups and test restores with their results, and download a backup file to keep
 * it off the shop's PC.
 */
import { useTranslation } from 'react-i18next';
import { api, apiFile } from '../api/api-client';
import { formatDateTime } from '../format/dates';
import { saveFile } from '../shell/save-file';
import { BackupScheduleForm } from './backup-schedule-form';
import { ErrorMessage, Loading, Notice } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

interface BackupEntry {
  id: string;
  kind: string;
  occurredAt: string;
  outcome: 'success' | 'failure';
  backupId: string | null;
  downloadable: boolean;
  scheduled: boolean;
  problem: string | null;
}

const loadHistory = async () => (await api<{ backups: BackupEntry[] }>('GET', '/backups')).backups;

export default function BackupsPage() {
  const { t } = useTranslation();
  const history = useLoad(loadHistory);
  const action = useAction();
  const run = () =>
    void action.run(async () => {
      await api('POST', '/backups');
      await history.reload();
      return t('backups.done');
    });
  const download = (backupId: string) =>
    void action.run(async () => {
      const file = await apiFile('GET', `/backups/${encodeURIComponent(backupId)}/file`);
      saveFile(file.blob, file.filename);
    });
  return (
    <div className="stack">
      <h1>{t('backups.title')}</h1>
      <p>{t('backups.intro')}</p>
      <div className="row">
        <button type="button" className="primary" disabled={action.busy} onClick={run}>
          {t('backups.runNow')}
        </button>
      </div>
      <ErrorMessage error={action.error ?? history.error} />
      <Notice>{action.notice}</Notice>
      <BackupScheduleForm onSaved={() => void history.reload()} />
      {history.data === null ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table data-testid="backup-history">
            <caption>{t('backups.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backups.when')}</th>
                <th scope="col">{t('backups.what')}</th>
                <th scope="col">{t('backups.result')}</th>
                <th scope="col">{t('backups.file')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.length === 0 && (
                <tr>
                  <td colSpan={4} className="empty">
                    {t('backups.none')}
                  </td>
                </tr>
              )}
              {history.data.map((b) => (
                <tr key={b.id}>
                  <td>{formatDateTime(b.occurredAt)}</td>
                  <th scope="row">
                    {t(b.kind === 'backup' ? 'backups.kinds.backup' : 'backups.kinds.test')}
                    {b.scheduled && <span className="badge">{t('backups.scheduled')}</span>}
                  </th>
                  <td>
                    {t(b.outcome === 'success' ? 'backups.ok' : 'backups.failed')}
                    {b.problem !== null && (
                      <>
                        {': '}
                        {t(
                          b.problem === 'folder_not_writable'
                            ? 'backups.problems.folder'
                            : b.problem === 'test_restore_failed'
                              ? 'backups.problems.restore'
                              : 'backups.problems.other',
                        )}
                      </>
                    )}
                  </td>
                  <td>
                    {b.downloadable && b.backupId !== null ? (
                      <button
                        type="button"
                        className="small secondary"
                        onClick={() => download(b.backupId ?? '')}
                        aria-label={t('backups.downloadOf', { when: formatDateTime(b.occurredAt) })}
                      >
                        {t('backups.download')}
                      </button>
                    ) : b.scheduled && b.kind === 'backup' && b.outcome === 'success' ? (
                      t('backups.inFolder')
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
