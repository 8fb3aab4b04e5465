/**
 * The offer report: for each day (IST) and store, each offer and sale price used, how many bills,
 * the sales they were on and the discount given, with the totals.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../api/admin.api';
import { offersApi } from '../api/offers.api';
import { formatDateOnly, todayInIst } from '../format/dates';
import { formatRupees } from '../format/money';
import { DateInput } from '../shell/date-input';
import { ErrorMessage, Loading } from '../shell/status';
import { useFetch, useLoad } from '../shell/use-load';

const loadStores = async () => (await adminApi.stores()).stores;

export function OfferReport() {
  const { t } = useTranslation();
  const today = todayInIst();
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const stores = useLoad(loadStores);
  const ready = from !== '' && to !== '';
  const report = useFetch(`${from}|${to}`, () => (ready ? offersApi.report(from, to) : Promise.resolve([])));
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? '—';
  const rows = report.data ?? [];
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0);
  return (
    <section className="stack" aria-labelledby="report-title">
      <h2 id="report-title">{t('offers.tab.report')}</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="report-from">{t('offers.report.from')}</label>
          <DateInput id="report-from" value={from} onValue={setFrom} />
        </div>
        <div className="field">
          <label htmlFor="report-to">{t('offers.report.to')}</label>
          <DateInput id="report-to" value={to} onValue={setTo} />
        </div>
      </div>
      <ErrorMessage
        error={report.error}
        fields={{ from: t('offers.report.from'), to: t('offers.report.to') }}
      />
      {report.data === null ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p className="empty">{t('offers.report.none')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="offer-report">
            <caption>{t('offers.report.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('offers.report.date')}</th>
                <th scope="col">{t('offers.report.store')}</th>
                <th scope="col">{t('offers.name')}</th>
                <th scope="col" className="num">
                  {t('offers.report.uses')}
                </th>
                <th scope="col" className="num">
                  {t('offers.report.revenue')}
                </th>
                <th scope="col" className="num">
                  {t('offers.report.discount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.date}-${r.storeId}-${r.source}-${r.id}`} data-testid="offer-report-row">
                  <td>{formatDateOnly(r.date)}</td>
                  <td>{storeName(r.storeId)}</td>
                  <th scope="row">{r.name}</th>
                  <td className="num">{r.uses}</td>
                  <td className="num">{formatRupees(r.revenuePaise)}</td>
                  <td className="num">{formatRupees(r.discountPaise)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t('offers.report.total')}
                </th>
                <td className="num">{sum((r) => r.uses)}</td>
                <td />
                <td className="num">{formatRupees(sum((r) => r.discountPaise))}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
