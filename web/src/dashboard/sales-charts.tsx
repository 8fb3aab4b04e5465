/**
 * The dashboard's sales charts (issue 14, items 4 and 9): sales by day for the last 30 days (IST),
 * the payment mix, the top items and the sales per store, each drawn as a chart with its numbers
 * in a table beside it (the table is what screen readers read). For those who may read sales
 * reports; the server counts only the stores the person may see.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateOnly } from '../format/dates';
import { formatRupees } from '../format/money';
import { ErrorMessage, Loading } from '../shell/status';
import { useLoad } from '../shell/use-load';
import { BarChart, ColumnChart, type ChartPoint } from './bar-charts';
import { dashboardApi } from './dashboard.api';
import './charts.css';

const quantity = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 3 });

interface Row {
  key: string;
  cells: ReactNode[];
}

function ChartPanel(props: {
  id: string;
  title: string;
  chart: ReactNode;
  headings: string[];
  rows: Row[];
  empty?: string;
  scroll?: boolean;
}) {
  const { t } = useTranslation();
  const table = (
    <table aria-labelledby={`chart-${props.id}`} data-testid={`chart-table-${props.id}`}>
      <thead>
        <tr>
          {props.headings.map((h, i) => (
            <th key={h} scope="col" className={i === 0 ? undefined : 'amount'}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, i) =>
              i === 0 ? (
                <th key={i} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={i} className="amount">
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section className="tile chart-panel stack" aria-labelledby={`chart-${props.id}`}>
      <h2 id={`chart-${props.id}`}>{props.title}</h2>
      {props.rows.length === 0 && props.empty !== undefined ? (
        <p>{props.empty}</p>
      ) : (
        <>
          {props.chart}
          {props.scroll === true ? (
            <div
              className="chart-days"
              role="region"
              tabIndex={0}
              aria-label={t('charts.numbers', { chart: props.title })}
            >
              {table}
            </div>
          ) : (
            table
          )}
        </>
      )}
    </section>
  );
}

export function SalesCharts() {
  const { t } = useTranslation();
  const stats = useLoad(dashboardApi.stats);
  if (stats.error !== null) return <ErrorMessage error={stats.error} />;
  const s = stats.data;
  if (s === null) return <Loading />;
  const amount = t('charts.amount');
  const days: ChartPoint[] = s.days.map((d) => ({ key: d.date, label: d.date.slice(8), value: d.netPaise }));
  const methodName = (m: string) => t(`pay.method.${m}`, { defaultValue: t('charts.otherMethod') });
  const payments = s.payments.map((p) => ({ key: p.method, label: methodName(p.method), value: p.netPaise }));
  const items = s.items.map((i) => ({ key: i.itemId, label: i.name, value: i.netPaise }));
  const stores = s.stores.map((st) => ({ key: st.storeId, label: st.name, value: st.netPaise }));
  return (
    <section className="stack" aria-labelledby="charts-title" data-testid="sales-charts">
      <h2 id="charts-title">
        {t('charts.title', { from: formatDateOnly(s.from), to: formatDateOnly(s.to) })}
      </h2>
      <p className="big-number" data-testid="charts-net">
        {formatRupees(s.netPaise)}
      </p>
      <div className="charts">
        <ChartPanel
          id="days"
          title={t('charts.byDay')}
          chart={<ColumnChart points={days} labelEvery={5} />}
          headings={[t('charts.date'), t('charts.invoices'), amount]}
          rows={[...s.days].reverse().map((d) => ({
            key: d.date,
            cells: [formatDateOnly(d.date), d.invoices, formatRupees(d.netPaise)],
          }))}
          scroll
        />
        <ChartPanel
          id="payments"
          title={t('charts.payments')}
          chart={<BarChart points={payments} />}
          headings={[t('charts.method'), amount]}
          rows={payments.map((p) => ({ key: p.key, cells: [p.label, formatRupees(p.value)] }))}
          empty={t('charts.noSales')}
        />
        <ChartPanel
          id="items"
          title={t('charts.topItems')}
          chart={<BarChart points={items} />}
          headings={[t('charts.item'), t('charts.quantity'), amount]}
          rows={s.items.map((i) => ({
            key: i.itemId,
            cells: [i.name, quantity.format(i.quantityMilli / 1000), formatRupees(i.netPaise)],
          }))}
          empty={t('charts.noSales')}
        />
        <ChartPanel
          id="stores"
          title={t('charts.stores')}
          chart={<BarChart points={stores} />}
          headings={[t('charts.store'), t('charts.invoices'), amount]}
          rows={s.stores.map((st) => ({
            key: st.storeId,
            cells: [st.name, st.invoices, formatRupees(st.netPaise)],
          }))}
        />
      </div>
    </section>
  );
}
