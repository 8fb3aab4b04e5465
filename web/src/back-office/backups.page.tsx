/**
 * Backups (the owner only; each action asks for the password again): run an encrypted backup now,
 * the history of backups and test restores with their results, and download a backup file to keep
 * it off the shop's PC.
 */
import { useTranslation } from 'react-i18next';
import { api, apiFile } from '../api/api-client';
import { formatDateTime } from '../format/dates';
import { saveFile } from '../shell/save-file';
import { ErrorMessage, Loading, Notice } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

interface BackupEntry {
  id: string;
  kind: string;
  occurredAt: string;
  outcome: 'success' | 'failure';
  backupId: string | null;
  downloadable: boolean;
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
                  </th>
                  <td>{t(b.outcome === 'success' ? 'backups.ok' : 'backups.failed')}</td>
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
