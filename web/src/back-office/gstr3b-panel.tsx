/**
 * GSTR-3B of a month on screen: table 3.1 (outward supplies by kind: taxable, zero-rated, nil
 * and exempt, reverse charge, non-GST) and table 3.2 (inter-state supplies to unregistered
 * persons by state), from the same invoices and notes as GSTR-1, with the portal's JSON to save.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { stateName } from '../../../src/domain/gst/states';
import { gstApi, type Gstr3b } from '../api/gst.api';
import { formatRupees } from '../format/money';
import { todayInIst } from '../format/dates';
import { MonthInput } from '../shell/date-input';
import { saveFile } from '../shell/save-file';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';

/** `2026-05` (a month input) -> `052026` (the return period). */
const periodOf = (month: string) => `${month.slice(5, 7)}${month.slice(0, 4)}`;

/** Rupees as the portal writes them -> the screen's rupee text (through whole paise). */
const money = (rupees: number | undefined) => formatRupees(Math.round((rupees ?? 0) * 100));

type Heads = { txval: number; iamt?: number; camt?: number; samt?: number; csamt?: number };

function Gstr3bTables({ data }: { data: Gstr3b }) {
  const { t } = useTranslation();
  const s = data.sup_details;
  const rows: [string, Heads][] = [
    ['a', s.osup_det],
    ['b', s.osup_zero],
    ['c', s.osup_nil_exmp],
    ['d', s.isup_rev],
    ['e', s.osup_nongst],
  ];
  const unreg = data.inter_sup.unreg_details;
  return (
    <div className="stack">
      <table data-testid="gstr3b-31">
        <caption>{t('gstr3b.table31')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gstr3b.nature')}</th>
            <th scope="col">{t('gstr3b.taxable')}</th>
            <th scope="col">{t('gstr3b.igst')}</th>
            <th scope="col">{t('gstr3b.cgst')}</th>
            <th scope="col">{t('gstr3b.sgst')}</th>
            <th scope="col">{t('gstr3b.cess')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, heads]) => (
            <tr key={key}>
              <th scope="row">{t(`gstr3b.rows.${key}`)}</th>
              <td className="num">{money(heads.txval)}</td>
              <td className="num">{heads.iamt === undefined ? '' : money(heads.iamt)}</td>
              <td className="num">{heads.camt === undefined ? '' : money(heads.camt)}</td>
              <td className="num">{heads.samt === undefined ? '' : money(heads.samt)}</td>
              <td className="num">{heads.csamt === undefined ? '' : money(heads.csamt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table data-testid="gstr3b-32">
        <caption>{t('gstr3b.table32')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gstr3b.placeOfSupply')}</th>
            <th scope="col">{t('gstr3b.taxable')}</th>
            <th scope="col">{t('gstr3b.igst')}</th>
          </tr>
        </thead>
        <tbody>
          {unreg.length === 0 ? (
            <tr>
              <td colSpan={3}>{t('gstr3b.none32')}</td>
            </tr>
          ) : (
            unreg.map((row) => (
              <tr key={row.pos}>
                <th scope="row">{stateName(row.pos)}</th>
                <td className="num">{money(row.txval)}</td>
                <td className="num">{money(row.iamt)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function Gstr3bPanel() {
  const { t } = useTranslation();
  const [month, setMonth] = useState(todayInIst().slice(0, 7));
  const [data, setData] = useState<Gstr3b | null>(null);
  const action = useAction();
  const show = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setData(await gstApi.gstr3b(periodOf(month)));
      return '';
    });
  };
  const save = () => {
    if (data === null) return;
    const name = `GSTR3B_${data.gstin}_${data.ret_period}.json`;
    saveFile(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), name);
  };
  return (
    <section className="panel stack" aria-labelledby="gstr3b-title">
      <h2 id="gstr3b-title">{t('gstr3b.title')}</h2>
      <p className="hint">{t('gstr3b.hint')}</p>
      <form className="row wrap" onSubmit={show} aria-busy={action.busy}>
        <div className="field">
          <label htmlFor="gstr3b-month">{t('reports.month')}</label>
          <MonthInput id="gstr3b-month" required value={month} onValue={(v) => setMonth(v)} />
        </div>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('gstr3b.show')}
        </button>
        {data !== null && (
          <button type="button" onClick={save}>
            {t('gstr3b.saveJson')}
          </button>
        )}
      </form>
      <ErrorMessage error={action.error} />
      {data !== null && <Gstr3bTables data={data} />}
    </section>
  );
}
