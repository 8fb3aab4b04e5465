/**
 * Every batch of a store, sold-out ones included (a recall is often of a batch already sold):
 * item, batch number, expiry, what is left to sell and what is kept aside as expired, and the
 * way to each batch's recall. A batch number typed in the box narrows the list.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateOnly } from '../format/dates';
import { ErrorMessage, Loading } from '../shell/status';
import { StoreChoice, useStoreChoice } from '../shell/store-choice';
import { useFetch } from '../shell/use-load';
import { recallPath } from './batch-paths';
import { recallApi } from './farmer-records.api';

export default function BatchesPage() {
  const { t } = useTranslation();
  const choice = useStoreChoice();
  const { stores, storeId } = choice;
  const batches = useFetch(storeId ?? '', () =>
    storeId === null ? Promise.resolve({ batches: [] }) : recallApi.batches(storeId),
  );
  const [find, setFind] = useState('');
  const wanted = find.trim().toLowerCase();
  const shown =
    batches.data?.batches.filter(
      (b) =>
        wanted === '' ||
        b.batchNo.toLowerCase().includes(wanted) ||
        b.itemName.toLowerCase().includes(wanted),
    ) ?? [];

  return (
    <div className="stack">
      <p>
        <Link to="/items">{t('farmerRecords.batches.back')}</Link>
      </p>
      <h1>{t('farmerRecords.batches.title')}</h1>
      <p>{t('farmerRecords.batches.intro')}</p>
      <div className="row wrap">
        <StoreChoice id="batches-store" label={t('batches.expired.store')} choice={choice} />
        <div className="field grow">
          <label htmlFor="batches-find">{t('farmerRecords.batches.find')}</label>
          <input id="batches-find" maxLength={60} value={find} onChange={(e) => setFind(e.target.value)} />
        </div>
      </div>
      <ErrorMessage error={batches.error ?? stores.error} />
      {batches.data === null && batches.error === null && <Loading />}
      {batches.data !== null && shown.length === 0 && (
        <p className="empty">
          {t(wanted === '' ? 'farmerRecords.batches.none' : 'farmerRecords.batches.noMatch')}
        </p>
      )}
      {shown.length > 0 && (
        <div className="table-wrap">
          <table data-testid="batch-list">
            <thead>
              <tr>
                <th scope="col">{t('batches.expired.item')}</th>
                <th scope="col">{t('batches.expired.batch')}</th>
                <th scope="col">{t('farmerRecords.batches.expiry')}</th>
                <th scope="col" className="num">
                  {t('farmerRecords.batches.inStock')}
                </th>
                <th scope="col" className="num">
                  {t('farmerRecords.batches.keptAside')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('farmerRecords.batches.recall')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((b) => (
                <tr key={b.id}>
                  <th scope="row">{b.itemName}</th>
                  <td>{b.batchNo}</td>
                  <td>
                    {formatDateOnly(b.expiryDate)}
                    {b.expired && <span className="badge bad"> {t('farmerRecords.batches.expired')}</span>}
                  </td>
                  <td className="num">{b.quantity}</td>
                  <td className="num">{b.expiredQuantity}</td>
                  <td>
                    <Link
                      to={recallPath(b.id)}
                      aria-label={t('farmerRecords.batches.recallOf', { batch: b.batchNo, item: b.itemName })}
                    >
                      {t('farmerRecords.batches.recall')}
                    </Link>
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
