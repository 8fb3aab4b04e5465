/**
 * Invoices, credit notes and debit notes: newest first, filtered by dates (IST calendar days) or a number, a
 * page at a time; each opens to its detail (lines, taxes, payments, PDFs, cancellation).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { billingApi, type DocType, type InvoiceSummary } from '../api/billing.api';
import { formatDateOnly } from '../format/dates';
import { formatRupees } from '../format/money';
import { DateInput } from '../shell/date-input';
import { ErrorMessage } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';

interface Filter {
  from: string;
  to: string;
  number: string;
}

const PAGE = 50;
const empty: Filter = { from: '', to: '', number: '' };

function queryOf(filter: Filter, before?: string): Record<string, string> {
  const q: Record<string, string> = { limit: String(PAGE) };
  if (filter.from !== '') q.from = filter.from;
  if (filter.to !== '') q.to = filter.to;
  if (filter.number.trim() !== '') q.number = filter.number.trim();
  if (before !== undefined) q.before = before;
  return q;
}

export default function DocumentsPage() {
  const { t } = useTranslation();
  const [type, setType] = useState<DocType>('invoice');
  const [draft, setDraft] = useState<Filter>(empty);
  const [filter, setFilter] = useState<Filter>(empty);
  const key = JSON.stringify({ type, filter });
  const first = useFetch(key, () => billingApi.documents(type, queryOf(filter)));
  const [extra, setExtra] = useState<{ for: string; rows: InvoiceSummary[]; more: boolean } | null>(null);
  const more = useAction();
  const pages = extra?.for === key ? extra : null;
  const rows = first.data === null ? null : [...first.data.documents, ...(pages?.rows ?? [])];
  const hasMore = pages === null ? first.data?.documents.length === PAGE : pages.more;
  const error = first.error ?? more.error;
  const loadMore = (before: string | undefined) =>
    void more.run(async () => {
      const { documents } = await billingApi.documents(type, queryOf(filter, before));
      setExtra({ for: key, rows: [...(pages?.rows ?? []), ...documents], more: documents.length === PAGE });
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
  };
  return (
    <div className="stack">
      <h1>{t('docs.title')}</h1>
      <div className="row" role="tablist" aria-label={t('docs.kind')}>
        {(['invoice', 'credit-note', 'debit-note'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={type === k}
            className={type === k ? 'primary' : 'secondary'}
            onClick={() => setType(k)}
          >
            {t(`docs.types.${k}`)}
          </button>
        ))}
      </div>
      <form className="row wrap panel" onSubmit={submit} role="search">
        <div className="field">
          <label htmlFor="doc-from">{t('docs.from')}</label>
          <DateInput id="doc-from" value={draft.from} onValue={(v) => setDraft({ ...draft, from: v })} />
        </div>
        <div className="field">
          <label htmlFor="doc-to">{t('docs.to')}</label>
          <DateInput id="doc-to" value={draft.to} onValue={(v) => setDraft({ ...draft, to: v })} />
        </div>
        <div className="field">
          <label htmlFor="doc-number">{t('docs.number')}</label>
          <input
            id="doc-number"
            maxLength={16}
            value={draft.number}
            onChange={(e) => setDraft({ ...draft, number: e.target.value })}
          />
        </div>
        <button type="submit" className="primary">
          {t('docs.show')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {rows !== null && (
        <div className="table-wrap">
          <table data-testid="documents-table">
            <thead>
              <tr>
                <th scope="col">{t('docs.number')}</th>
                <th scope="col">{t('docs.date')}</th>
                <th scope="col">{t('docs.kindColumn')}</th>
                <th scope="col" className="num">
                  {t('docs.total')}
                </th>
                <th scope="col">{t('docs.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} className="empty">
                    {t('docs.none')}
                  </td>
                </tr>
              )}
              {rows.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <Link to={`/documents/${d.type}/${d.id}`}>{d.number}</Link>
                  </th>
                  <td>{formatDateOnly(d.date)}</td>
                  <td>{t(`docs.kinds.${d.kind}`)}</td>
                  <td className="num">{formatRupees(d.totalPaise)}</td>
                  <td>
                    <span className={d.status === 'cancelled' ? 'badge bad' : 'badge good'}>
                      {t(`docs.states.${d.status}`)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore && rows !== null && (
        <button
          type="button"
          className="secondary"
          disabled={more.busy}
          onClick={() => loadMore(rows[rows.length - 1]?.id)}
        >
          {t('common.more')}
        </button>
      )}
    </div>
  );
}
