/**
 * The back-office start page: today's sales (IST day) and the open alerts for those who may see
 * them, then the shop's security at a glance (the person's own second factors, staff without
 * MFA, keys past their rotation date), each with a link to where it is handled.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { adminApi, type KeyEntry, type StaffMember } from '../api/admin.api';
import { billingApi, type DailySales } from '../api/billing.api';
import { alertsApi, type AlertView } from '../api/security.api';
import { useSession } from '../auth/session';
import { pages } from '../shell/navigation';
import { ErrorMessage } from '../shell/status';
import { useLoad } from '../shell/use-load';
import { NearExpiryPanel } from '../agri/near-expiry-panel';
import { OpenAlertsTile, SalesTile } from './dashboard-tiles';
import { SalesCharts } from '../dashboard/sales-charts';

const none = async () => null;

export default function DashboardPage() {
  const { t } = useTranslation();
  const session = useSession();
  const profile = session.profile;
  const canUsers = session.permissions.has('user.manage');
  const canKeys = session.permissions.has('keys.manage');
  const users = useLoad<{ users: StaffMember[] } | null>(canUsers ? adminApi.users : none);
  const keys = useLoad<{ keys: KeyEntry[] } | null>(canKeys ? adminApi.keys : none);
  const sales = useLoad<DailySales | null>(
    session.permissions.has('report.sales') ? () => billingApi.dailySales() : none,
  );
  const alerts = useLoad<{ alerts: AlertView[] } | null>(
    session.permissions.has('monitoring.read') ? () => alertsApi.list('open') : none,
  );
  if (profile === null) return null;
  const withoutMfa = users.data?.users.filter(
    (u) => u.status === 'active' && !u.factors.totp && u.factors.passkeys === 0,
  );
  const overdue = keys.data?.keys.filter((k) => k.overdue);
  const ownFactors = profile.factors.totp || profile.factors.passkeys > 0;

  return (
    <div className="stack">
      <h1>{t('dashboard.title')}</h1>
      <p>{t('dashboard.welcome', { name: profile.displayName })}</p>
      <div className="tiles">
        {sales.data !== null && <SalesTile sales={sales.data} />}
        {alerts.data !== null && <OpenAlertsTile alerts={alerts.data.alerts} />}
        <NearExpiryPanel />
        <section className="tile" aria-labelledby="tile-mfa">
          <h2 id="tile-mfa">{t('dashboard.mySignIn')}</h2>
          <p className={ownFactors ? 'good' : 'warn'}>
            {ownFactors ? t('dashboard.mfaOn') : t('dashboard.mfaOff')}
          </p>
          <Link to={pages.account.path}>{t('nav.account')}</Link>
        </section>
        {withoutMfa !== undefined && (
          <section className="tile" aria-labelledby="tile-staff">
            <h2 id="tile-staff">{t('dashboard.staff')}</h2>
            <p className={withoutMfa.length === 0 ? 'good' : 'warn'}>
              {t('dashboard.withoutMfa', { count: withoutMfa.length })}
            </p>
            <Link to={pages.users.path}>{t('nav.users')}</Link>
          </section>
        )}
        {overdue !== undefined && (
          <section className="tile" aria-labelledby="tile-keys">
            <h2 id="tile-keys">{t('dashboard.keys')}</h2>
            <p className={overdue.length === 0 ? 'good' : 'warn'}>
              {t('dashboard.keysOverdue', { count: overdue.length })}
            </p>
            <Link to={pages.keys.path}>{t('nav.keys')}</Link>
          </section>
        )}
      </div>
      {session.permissions.has('report.sales') && <SalesCharts />}
      <ErrorMessage error={users.error ?? keys.error ?? sales.error ?? alerts.error} />
    </div>
  );
}
