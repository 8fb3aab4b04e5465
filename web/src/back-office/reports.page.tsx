/**
 * GST reports: GSTR-1 of a month (the offline tool's JSON, per GSTIN), the sales register for a
 * range of days (CSV), and the e-invoice JSON (schema 1.1) of a B2B invoice found by its number.
 * Files come through the API client, so a refusal shows as a message instead of a broken file.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFile } from '../api/api-client';
import { billingApi } from '../api/billing.api';
import { useSession } from '../auth/session';
import { todayInIst } from '../format/dates';
import { saveFile } from '../shell/save-file';
import { DateInput, MonthInput } from '../shell/date-input';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';
import { Gstr3bPanel } from './gstr3b-panel';

/** Saves a report the API answers as a file; the file's name. */
async function download(path: string): Promise<string> {
  const file = await apiFile('GET', path);
  saveFile(file.blob, file.filename);
  return file.filename;
}

/** `2026-05` (a month input) -> `052026` (the return period). */
export const periodOf = (month: string) => `${month.slice(5, 7)}${month.slice(0, 4)}`;

interface ReportFormProps {
  /** The form's id stem, for its title. */
  id: string;
  title: string;
  hint?: string;
  /** Fetches and saves the file; its name, for the notice. */
  save: () => Promise<string>;
  children: ReactNode;
}

/** One report: its fields, a download button, and what was saved or what went wrong. */
function ReportForm({ id, title, hint, save, children }: ReportFormProps) {
  const { t } = useTranslation();
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => t('reports.saved', { name: await save() }));
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {hint !== undefined && <p className="hint">{hint}</p>}
      <div className="row wrap">
        {children}
        <button type="submit" className="primary" disabled={action.busy}>
          {t('reports.download')}
        </button>
      </div>
      <ErrorMessage error={action.error} />
      <Notice>{action.notice}</Notice>
    </form>
  );
}

function Gstr1Form() {
  const { t } = useTranslation();
  const [month, setMonth] = useState(todayInIst().slice(0, 7));
  return (
    <ReportForm
      id="gstr1"
      title={t('reports.gstr1')}
      hint={t('reports.gstr1Hint')}
      save={() => download(`/reports/gstr1?period=${periodOf(month)}`)}
    >
      <div className="field">
        <label htmlFor="gstr1-month">{t('reports.month')}</label>
        <MonthInput id="gstr1-month" required value={month} onValue={(v) => setMonth(v)} />
      </div>
    </ReportForm>
  );
}

function SalesRegisterForm() {
  const { t } = useTranslation();
  const today = todayInIst();
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  return (
    <ReportForm
      id="register"
      title={t('reports.register')}
      save={() => download(`/reports/sales-register.csv?from=${from}&to=${to}`)}
    >
      <div className="field">
        <label htmlFor="register-from">{t('docs.from')}</label>
        <DateInput id="register-from" required value={from} onValue={(v) => setFrom(v)} />
      </div>
      <div className="field">
        <label htmlFor="register-to">{t('docs.to')}</label>
        <DateInput id="register-to" required value={to} onValue={(v) => setTo(v)} />
      </div>
    </ReportForm>
  );
}

function EInvoiceForm() {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const save = async () => {
    const found = await billingApi.findInvoice(number);
    if (found === null) throw new Error(t('returns.noSuchInvoice', { number: number.trim() }));
    const json = await billingApi.eInvoice(found.id);
    const name = `e-invoice-${found.number.replace(/\//g, '-')}.json`;
    saveFile(new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' }), name);
    return name;
  };
  return (
    <ReportForm id="einvoice" title={t('reports.eInvoice')} hint={t('reports.eInvoiceHint')} save={save}>
      <div className="field">
        <label htmlFor="einvoice-number">{t('returns.invoiceNumber')}</label>
        <input
          id="einvoice-number"
          required
          maxLength={16}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
        />
      </div>
    </ReportForm>
  );
}

export default function ReportsPage() {
  const { t } = useTranslation();
  const { permissions } = useSession();
  return (
    <div className="stack">
      <h1>{t('reports.title')}</h1>
      {permissions.has('report.gst') && <Gstr1Form />}
      {permissions.has('report.gst') && <Gstr3bPanel />}
      {permissions.has('report.sales') && <SalesRegisterForm />}
      {permissions.has('invoice.read') && <EInvoiceForm />}
    </div>
  );
}
