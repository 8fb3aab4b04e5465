/**
 * The prepaid liability report: what the salon owes its clients today in unused package sessions
 * (valued at the price paid per session) and in wallet value not yet spent, each with the date it
 * runs out, and the total. Both are advances and vouchers, not yet income; the figures come from
 * the server (`GET /packages/liability`), for those who may see sales reports.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { salonApi, type LiabilityReport } from '../api/salon.api';
import { formatDateOnly } from '../format/dates';
import { formatRupees } from '../format/money';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';

/** `changes` counts what changed the figures on this screen (bills taken): each change reads them again. */
export function LiabilityPanel({ changes }: { changes: number }) {
  const { t } = useTranslation();
  const action = useAction();
  const [report, setReport] = useState<LiabilityReport | null>(null);
  const load = useCallback(async () => {
    setReport(await salonApi.liability());
  }, []);
  useEffect(() => {
    void action.run(load);
  }, [load, changes]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section className="panel stack" aria-labelledby="liability-title">
      <h2 id="liability-title">{t('salon.liability.title')}</h2>
      <div className="row wrap">
        <button type="button" disabled={action.busy} onClick={() => void action.run(load)}>
          {t('salon.liability.refresh')}
        </button>
      </div>
      <ErrorMessage error={action.error} />
      {report !== null && (
        <div className="stack" data-testid="liability">
          <p>{t('salon.liability.asOn', { date: formatDateOnly(report.date) })}</p>
          <h3>{t('salon.liability.packages')}</h3>
          {report.packages.length === 0 ? (
            <p>{t('salon.liability.noPackages')}</p>
          ) : (
            <table data-testid="liability-packages">
              <thead>
                <tr>
                  <th scope="col">{t('salon.liability.package')}</th>
                  <th scope="col">{t('salon.liability.sessionsLeft')}</th>
                  <th scope="col">{t('salon.liability.value')}</th>
                  <th scope="col">{t('salon.liability.validUntil')}</th>
                </tr>
              </thead>
              <tbody>
                {report.packages.map((p) => (
                  <tr key={p.packageId}>
                    <td>{p.name}</td>
                    <td>{p.sessionsLeft}</td>
                    <td>{formatRupees(p.valuePaise)}</td>
                    <td>{formatDateOnly(p.expiresOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>{t('salon.liability.packagesTotal', { amount: formatRupees(report.packagesPaise) })}</p>
          <h3>{t('salon.liability.wallets')}</h3>
          {report.wallets.length === 0 ? (
            <p>{t('salon.liability.noWallets')}</p>
          ) : (
            <table data-testid="liability-wallets">
              <thead>
                <tr>
                  <th scope="col">{t('salon.liability.walletNumber')}</th>
                  <th scope="col">{t('salon.liability.balance')}</th>
                  <th scope="col">{t('salon.liability.validUntil')}</th>
                </tr>
              </thead>
              <tbody>
                {report.wallets.map((w, i) => (
                  <tr key={w.walletId}>
                    <td>{i + 1}</td>
                    <td>{formatRupees(w.balancePaise)}</td>
                    <td>{formatDateOnly(w.expiresOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>{t('salon.liability.walletsTotal', { amount: formatRupees(report.walletsPaise) })}</p>
          <p data-testid="liability-total">
            <strong>{t('salon.liability.total', { amount: formatRupees(report.totalPaise) })}</strong>
          </p>
        </div>
      )}
    </section>
  );
}
