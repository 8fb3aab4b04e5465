/**
 * Commissions: the report of a period (service value performed, commission, target bonus per
 * staff member; staff see only their own row, the server decides), paying a period out (the report
 * is then locked as paid), and, for managers, the rules per staff member or role (a percentage of
 * service value net of discount, of products, and a target slab with its bonus).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { salonApi, type CommissionReport, type RuleView, type StaffMember } from '../api/salon.api';
import { useSession } from '../auth/session';
import { formatDate, todayInIst } from '../format/dates';
import { formatRupees, parseRupees } from '../format/money';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';

const ROLES = ['owner', 'manager', 'stylist', 'cashier'] as const;

export function CommissionsPanel({ storeId, staff }: { storeId: string; staff: StaffMember[] }) {
  const { t } = useTranslation();
  const session = useSession();
  const manager = session.permissions.has('salon.manage');
  const action = useAction();
  const [from, setFrom] = useState(todayInIst());
  const [to, setTo] = useState(todayInIst());
  const [report, setReport] = useState<CommissionReport | null>(null);
  const show = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      setReport(await salonApi.commissions(storeId, from, to));
    });
  };
  const pay = () =>
    void action.run(async () => {
      setReport(await salonApi.payCommissions(storeId, from, to));
      return t('salon.paidOut');
    });
  return (
    <section className="panel stack" aria-labelledby="commissions-title">
      <h2 id="commissions-title">{t('salon.commissions')}</h2>
      <form className="row wrap" onSubmit={show}>
        <label>
          {t('salon.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('salon.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit">{t('salon.show')}</button>
      </form>
      <ErrorMessage error={action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
      {report !== null && (
        <div className="stack">
          <p data-testid="commission-state">
            {report.locked && report.paidAt !== null
              ? t('salon.lockedPaid', { date: formatDate(report.paidAt) })
              : t('salon.notPaid')}
          </p>
          {report.rows.length === 0 ? (
            <p>{t('salon.noCommissions')}</p>
          ) : (
            <>
              <ul data-testid="commissions">
                {report.rows.map((r) => (
                  <li key={r.staffId}>
                    {t('salon.earned', { name: r.firstName, amount: formatRupees(r.totalPaise) })}
                  </li>
                ))}
              </ul>
              <table data-testid="commission-detail">
                <thead>
                  <tr>
                    <th scope="col">{t('salon.stylist')}</th>
                    <th scope="col">{t('salon.serviceValue')}</th>
                    <th scope="col">{t('salon.serviceCommission')}</th>
                    <th scope="col">{t('salon.productValue')}</th>
                    <th scope="col">{t('salon.productCommission')}</th>
                    <th scope="col">{t('salon.bonus')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((r) => (
                    <tr key={r.staffId}>
                      <td>{r.firstName}</td>
                      <td>{formatRupees(r.servicePaise)}</td>
                      <td>{formatRupees(r.serviceCommissionPaise)}</td>
                      <td>{formatRupees(r.productPaise)}</td>
                      <td>{formatRupees(r.productCommissionPaise)}</td>
                      <td>{formatRupees(r.bonusPaise)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {manager && !report.locked && (
            <button type="button" disabled={action.busy} onClick={pay}>
              {t('salon.payOut')}
            </button>
          )}
        </div>
      )}
      {manager && <Rules staff={staff} />}
    </section>
  );
}

function Rules({ staff }: { staff: StaffMember[] }) {
  const { t } = useTranslation();
  const action = useAction();
  const [rules, setRules] = useState<RuleView[]>([]);
  const [who, setWho] = useState<string>('role:stylist');
  const [service, setService] = useState('10');
  const [product, setProduct] = useState('0');
  const [target, setTarget] = useState('');
  const [bonus, setBonus] = useState('');
  const reload = useCallback(async () => setRules((await salonApi.rules()).rules), []);
  useEffect(() => {
    void action.run(reload);
  }, [reload]); // eslint-disable-line react-hooks/exhaustive-deps
  const nameOf = (r: RuleView) =>
    r.staffId !== null
      ? (staff.find((s) => s.staffId === r.staffId)?.firstName ?? t('salon.someone'))
      : t(`salon.roles.${r.role ?? 'stylist'}`, { defaultValue: t('salon.roles.other') });
  const save = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const [kind, value] = who.split(':') as ['role' | 'staff', string];
      const targetPaise = target.trim() === '' ? undefined : (parseRupees(target) ?? 0);
      await salonApi.setRule({
        ...(kind === 'role' ? { role: value } : { staffId: value }),
        servicePercent: Number(service),
        productPercent: Number(product),
        ...(targetPaise === undefined ? {} : { targetPaise, targetBonusPercent: Number(bonus) }),
      });
      await reload();
      return t('salon.ruleSet');
    });
  };
  return (
    <section className="stack" aria-labelledby="rules-title">
      <h3 id="rules-title">{t('salon.rules')}</h3>
      {rules.length > 0 && (
        <ul data-testid="commission-rules">
          {rules.map((r) => (
            <li key={r.id}>
              {t('salon.ruleLine', {
                who: nameOf(r),
                service: r.servicePercent,
                product: r.productPercent,
              })}
              {r.targetPaise !== null &&
                ` ${t('salon.ruleTarget', { amount: formatRupees(r.targetPaise), bonus: r.targetBonusPercent ?? 0 })}`}
            </li>
          ))}
        </ul>
      )}
      <form className="row wrap" onSubmit={save}>
        <label>
          {t('salon.ruleFor')}
          <select value={who} onChange={(e) => setWho(e.target.value)}>
            {ROLES.map((r) => (
              <option key={r} value={`role:${r}`}>
                {t('salon.everyRole', { role: t(`salon.roles.${r}`) })}
              </option>
            ))}
            {staff.map((s) => (
              <option key={s.staffId} value={`staff:${s.staffId}`}>
                {s.firstName}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('salon.servicePercent')}
          <input inputMode="decimal" value={service} onChange={(e) => setService(e.target.value)} />
        </label>
        <label>
          {t('salon.productPercent')}
          <input inputMode="decimal" value={product} onChange={(e) => setProduct(e.target.value)} />
        </label>
        <label>
          {t('salon.target')}
          <input inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <label>
          {t('salon.targetBonus')}
          <input inputMode="decimal" value={bonus} onChange={(e) => setBonus(e.target.value)} />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('salon.saveRule')}
        </button>
      </form>
      <ErrorMessage error={action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
    </section>
  );
}
