/**
 * The segregated expired stock of a store (Insecticides Rules 10A): move expired batches out of
 * the saleable stock, list what is kept aside, and mark each batch disposed with how it went (an
 * audit entry on the server). Below it, the insecticide stock register (Form XIII style) of an
 * item for a period, downloaded as CSV or PDF.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { formatDateOnly, todayInIst } from '../format/dates';
import { ErrorMessage } from '../shell/status';
import { StoreChoice, useStoreChoice } from '../shell/store-choice';
import { useAction, useFetch } from '../shell/use-load';
import { batchesApi, disposalReasonList, type DisposalReason } from './batches.api';

export const EXPIRED_STOCK_PATH = '/items/expired-stock';

export default function ExpiredStockPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canManage = session.permissions.has('catalog.manage');
  const choice = useStoreChoice();
  const { stores, storeId } = choice;
  const [version, setVersion] = useState(0);
  const batches = useFetch(`${storeId ?? ''}|${String(version)}`, () =>
    storeId === null ? Promise.resolve({ batches: [] }) : batchesApi.ofStore(storeId),
  );
  const [reasons, setReasons] = useState<Record<string, DisposalReason>>({});
  const action = useAction();
  const aside = batches.data?.batches.filter((b) => b.expiredQuantity > 0) ?? [];
  const run = (work: () => Promise<string>) =>
    void action.run(async () => {
      const notice = await work();
      setVersion((v) => v + 1);
      return notice;
    });

  return (
    <div className="stack">
      <h1>{t('batches.expired.title')}</h1>
      <p>{t('batches.expired.intro')}</p>
      <StoreChoice id="expired-store" label={t('batches.expired.store')} choice={choice} />
      {canManage && storeId !== null && (
        <div className="row">
          <button
            type="button"
            className="secondary"
            disabled={action.busy}
            onClick={() =>
              run(async () => {
                const moved = (await batchesApi.segregate(storeId)).batches.length;
                return moved === 0
                  ? t('batches.expired.nothingToMove')
                  : t('batches.expired.segregated', { count: moved });
              })
            }
          >
            {t('batches.expired.segregate')}
          </button>
        </div>
      )}
      {action.notice !== null && (
        <p className="message message-ok" role="status">
          {action.notice}
        </p>
      )}
      <ErrorMessage error={action.error ?? batches.error ?? stores.error} />
      {batches.data !== null && aside.length === 0 && <p className="empty">{t('batches.expired.none')}</p>}
      {aside.length > 0 && (
        <div className="table-wrap">
          <table data-testid="expired-stock">
            <thead>
              <tr>
                <th scope="col">{t('batches.expired.item')}</th>
                <th scope="col">{t('batches.expired.batch')}</th>
                <th scope="col">{t('batches.expired.expiredOn')}</th>
                <th scope="col" className="num">
                  {t('batches.expired.quantity')}
                </th>
                {canManage && <th scope="col">{t('batches.expired.reason')}</th>}
                {canManage && (
                  <th scope="col">
                    <span className="visually-hidden">{t('batches.expired.dispose')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {aside.map((b) => (
                <tr key={b.id}>
                  <th scope="row">{b.itemName}</th>
                  <td>{b.batchNo}</td>
                  <td>{formatDateOnly(b.expiryDate)}</td>
                  <td className="num">{b.expiredQuantity}</td>
                  {canManage && (
                    <td>
                      <select
                        aria-label={t('batches.expired.reasonFor', { batch: b.batchNo })}
                        value={reasons[b.id] ?? 'destroyed'}
                        onChange={(e) => setReasons({ ...reasons, [b.id]: e.target.value as DisposalReason })}
                      >
                        {disposalReasonList.map((r) => (
                          <option key={r} value={r}>
                            {t(`batches.expired.reasons.${r}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                  )}
                  {canManage && (
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        disabled={action.busy}
                        aria-label={t('batches.expired.disposeBatch', { batch: b.batchNo })}
                        onClick={() =>
                          run(async () => {
                            await batchesApi.dispose(b.id, reasons[b.id] ?? 'destroyed');
                            return t('batches.expired.disposed', { batch: b.batchNo });
                          })
                        }
                      >
                        {t('batches.expired.dispose')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {storeId !== null && batches.data !== null && (
        <StockRegisterDownload storeId={storeId} items={batches.data.batches} />
      )}
    </div>
  );
}

function StockRegisterDownload({
  storeId,
  items,
}: {
  storeId: string;
  items: readonly { variantId: string; itemName: string }[];
}) {
  const { t } = useTranslation();
  const choices = [...new Map(items.map((b) => [b.variantId, b.itemName])).entries()];
  const [variant, setVariant] = useState<string | null>(null);
  const variantId = variant ?? choices[0]?.[0] ?? null;
  const today = todayInIst();
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const action = useAction();
  const download = (format: 'csv' | 'pdf') =>
    variantId !== null &&
    void action.run(() => batchesApi.register(format, { storeId, variantId, from, to }));
  return (
    <section aria-labelledby="register-title" className="stack">
      <h2 id="register-title">{t('batches.register.title')}</h2>
      {choices.length === 0 ? (
        <p className="empty">{t('batches.register.noItems')}</p>
      ) : (
        <>
          <div className="row wrap">
            <div className="field">
              <label htmlFor="register-item">{t('batches.register.item')}</label>
              <select id="register-item" value={variantId ?? ''} onChange={(e) => setVariant(e.target.value)}>
                {choices.map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="register-from">{t('batches.register.from')}</label>
              <input id="register-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="register-to">{t('batches.register.to')}</label>
              <input id="register-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
          </div>
          <div className="row">
            <button
              type="button"
              className="secondary"
              disabled={action.busy}
              onClick={() => download('csv')}
            >
              {t('batches.register.csv')}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={action.busy}
              onClick={() => download('pdf')}
            >
              {t('batches.register.pdf')}
            </button>
          </div>
          <ErrorMessage error={action.error} />
        </>
      )}
    </section>
  );
}
