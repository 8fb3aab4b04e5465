/** The dashboard's sales and alerts tiles. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DailySales } from '../api/billing.api';
import type { AlertView } from '../api/security.api';
import { formatDateOnly } from '../format/dates';
import { formatRupees } from '../format/money';
import { pages } from '../shell/navigation';
import { severityClass } from './alert-severity';

export function SalesTile({ sales }: { sales: DailySales }) {
  const { t } = useTranslation();
  return (
    <section className="tile wide" aria-labelledby="tile-sales" data-testid="tile-sales">
      <h2 id="tile-sales">{t('dashboard.salesToday', { date: formatDateOnly(sales.date) })}</h2>
      <p className="big-number">{formatRupees(sales.netPaise)}</p>
      <dl className="totals">
        <dt>{t('dashboard.invoices', { count: sales.invoices.count })}</dt>
        <dd>{formatRupees(sales.invoices.totalPaise)}</dd>
        <dt>{t('dashboard.creditNotes', { count: sales.creditNotes.count })}</dt>
        <dd>-{formatRupees(sales.creditNotes.totalPaise)}</dd>
        {sales.debitNotes.count > 0 && (
          <>
            <dt>{t('dashboard.debitNotes', { count: sales.debitNotes.count })}</dt>
            <dd data-testid="sales-debit-notes">+{formatRupees(sales.debitNotes.totalPaise)}</dd>
          </>
        )}
        {sales.zeroRated.count > 0 && (
          <>
            <dt>{t('dashboard.zeroRated', { count: sales.zeroRated.count })}</dt>
            <dd data-testid="sales-zero-rated">{formatRupees(sales.zeroRated.totalPaise)}</dd>
          </>
        )}
        {sales.cancelled.count > 0 && (
          <>
            <dt>{t('dashboard.cancelled', { count: sales.cancelled.count })}</dt>
            <dd>{formatRupees(sales.cancelled.totalPaise)}</dd>
          </>
        )}
        {sales.payments.map((p) => (
          <div key={p.method} className="contents">
            <dt>{t(`pay.method.${p.method}`)}</dt>
            <dd>{formatRupees(p.takenPaise - p.refundedPaise)}</dd>
          </div>
        ))}
      </dl>
      <Link to={pages.documents.path}>{t('nav.documents')}</Link>
    </section>
  );
}

export function OpenAlertsTile({ alerts }: { alerts: readonly AlertView[] }) {
  const { t } = useTranslation();
  const bySeverity = (['critical', 'high', 'medium', 'low'] as const)
    .map((s) => ({ severity: s, count: alerts.filter((a) => a.severity === s).length }))
    .filter((s) => s.count > 0);
  return (
    <section className="tile" aria-labelledby="tile-alerts" data-testid="tile-alerts">
      <h2 id="tile-alerts">{t('dashboard.openAlerts')}</h2>
      <p className={alerts.length === 0 ? 'good' : 'warn'}>
        {t('dashboard.alertCount', { count: alerts.length })}
      </p>
      {bySeverity.length > 0 && (
        <ul className="plain row wrap">
          {bySeverity.map((s) => (
            <li key={s.severity}>
              <span className={severityClass(s.severity)}>
                {t(`alerts.severities.${s.severity}`)}: {s.count}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link to={pages.alerts.path}>{t('nav.alerts')}</Link>
    </section>
  );
}
