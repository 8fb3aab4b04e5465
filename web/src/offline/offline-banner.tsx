/**
 * What the counter says about the server and its queue: connected or not, how many sales wait to
 * be sent (and a button to send them now), sales a manager must look at, numbers kept, and once
 * after a remote wipe how many sales were lost.
 */
import { useTranslation } from 'react-i18next';
import { dismissWipeNotice, probe } from './offline-counter';
import { useOfflineStatus } from './use-offline';

export function OfflineBanner() {
  const { t } = useTranslation();
  const s = useOfflineStatus();
  return (
    <section
      className={s.offline ? 'offline-banner offline' : 'offline-banner'}
      aria-label={t('offline.online')}
    >
      <p role="status" data-testid="offline-state">
        {s.offline ? t('offline.offline') : t('offline.online')}
      </p>
      <p data-testid="offline-waiting">
        {s.syncing
          ? t('offline.sending')
          : s.waiting > 0
            ? t('offline.waiting', { count: s.waiting })
            : t('offline.allSent')}
        {s.waiting > 0 && !s.syncing && !s.offline && (
          <button type="button" className="small secondary" onClick={() => void probe()}>
            {t('offline.sendNow')}
          </button>
        )}
      </p>
      {s.held > 0 && <p className="message message-error">{t('offline.held', { count: s.held })}</p>}
      {s.offline && !s.ready && <p className="message message-error">{t('offline.notReady')}</p>}
      {s.ready && <p className="hint">{t('offline.numbersLeft', { count: s.numbersLeft })}</p>}
      {s.lostToWipe !== null && (
        <div role="alert" className="message message-error">
          <p>{t('offline.wiped', { count: s.lostToWipe })}</p>
          <button type="button" className="small secondary" onClick={dismissWipeNotice}>
            {t('offline.wipedOk')}
          </button>
        </div>
      )}
    </section>
  );
}
