/**
 * The dashboard's near-expiry tile (issue 17): batches with saleable stock expiring within the
 * shop's near-expiry window (30 days unless changed in settings), or already expired, soonest first, and how many batches of expired stock await
 * disposal, with a link to the expired stock screen. Shown to those who may read stock.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { formatDateOnly } from '../format/dates';
import { useLoad } from '../shell/use-load';
import { batchesApi } from './batches.api';
import { EXPIRED_STOCK_PATH } from './expired-stock.page';

const loadNear = () => batchesApi.nearExpiry();

export function NearExpiryPanel() {
  const session = useSession();
  const canRead = session.permissions.has('catalog.read');
  return canRead ? <NearExpiryTile /> : null;
}

function NearExpiryTile() {
  const { t } = useTranslation();
  const near = useLoad(loadNear);
  if (near.data === null) return null;

  const { days, batches } = near.data;
  const awaiting = batches.filter((b) => b.expiredQuantity > 0).length;
  const nearing = batches.filter((b) => b.quantity > 0);
  return (
    <section className="tile wide" aria-labelledby="tile-near-expiry" data-testid="tile-near-expiry">
      <h2 id="tile-near-expiry">{t('batches.near.title')}</h2>
      <p className={nearing.length === 0 ? 'good' : 'warn'}>
        {nearing.length === 0
          ? t('batches.near.none', { count: days })
          : t('batches.near.count', { count: nearing.length, days })}
      </p>
      {nearing.length > 0 && (
        <ul>
          {nearing.slice(0, 8).map((b) => (
            <li key={b.id}>
              {t(b.expired ? 'batches.near.expiredLine' : 'batches.near.line', {
                item: b.itemName,
                batch: b.batchNo,
                count: b.quantity,
                date: formatDateOnly(b.expiryDate),
              })}
            </li>
          ))}
        </ul>
      )}
      {awaiting > 0 && <p className="warn">{t('batches.near.awaiting', { count: awaiting })}</p>}
      <Link to={EXPIRED_STOCK_PATH}>{t('batches.near.open')}</Link>
    </section>
  );
}
