/**
 * The audit trail: who did what to which object and when (IST), newest first, filtered by actor,
 * action, object and a time range; exported as CSV or JSON (the export is itself recorded); and
 * verified on demand: every entry's hash recomputed along the chain and checked against the
 * signed checkpoints, with the result shown.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi, type AuditFilter, type EntryView, type VerifyResult } from '../api/security.api';
import { formatDateTime, istDayStart } from '../format/dates';
import { saveFile } from '../shell/save-file';
import { DateInput } from '../shell/date-input';
import { ErrorMessage } from '../shell/status';
import { useAction, useFetch } from '../shell/use-load';

interface Draft {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  outcome: '' | 'success' | 'failure' | 'denied';
  from: string;
  to: string;
}

const emptyDraft: Draft = {
  actor: '',
  action: '',
  objectType: '',
  objectId: '',
  outcome: '',
  from: '',
  to: '',
};

/** The API filter of the form: an action ending in `.` is a prefix; dates are whole IST days. */
export function filterOf(d: Draft): AuditFilter {
  const f: AuditFilter = {};
  const action = d.action.trim();
  if (d.actor.trim() !== '') f.actor = d.actor.trim();
  if (action.endsWith('.')) f.actionPrefix = action;
  else if (action !== '') f.action = action;
  if (d.objectType.trim() !== '') f.objectType = d.objectType.trim();
  if (d.objectId.trim() !== '') f.objectId = d.objectId.trim();
  if (d.outcome !== '') f.outcome = d.outcome;
  if (d.from !== '') f.from = istDayStart(d.from);
  if (d.to !== '') f.to = new Date(new Date(istDayStart(d.to)).getTime() + 86_400_000 - 1).toISOString();
  return f;
}

function details(entry: EntryView): string {
  return Object.entries(entry.details)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
}

/** An actor or object id, shortened; choosing it shows only its entries. */
function FilterLink({
  label,
  id,
  onFilter,
}: {
  label: string;
  id: string | null;
  onFilter: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (id === null) return <code>{label}</code>;
  return (
    <button type="button" className="link" title={t('audit.only', { id })} onClick={() => onFilter(id)}>
      <code>{label}</code>
    </button>
  );
}

function VerifyPanel() {
  const { t } = useTranslation();
  const [result, setResult] = useState<(VerifyResult & { checkpointFileProblems: string[] }) | null>(null);
  const action = useAction();
  return (
    <section className="panel stack" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('audit.verifyTitle')}</h2>
      <p className="hint">{t('audit.verifyHint')}</p>
      <button
        type="button"
        className="primary"
        disabled={action.busy}
        onClick={() => void action.run(async () => setResult(await auditApi.verify()))}
      >
        {t('audit.verify')}
      </button>
      <ErrorMessage error={action.error} />
      {result !== null && (
        <div role="status" data-testid="verify-result" className="stack">
          <p className={result.ok ? 'good' : 'warn'}>
            {result.ok
              ? t('audit.verifyOk', {
                  entries: result.entriesChecked,
                  checkpoints: result.checkpointsChecked,
                })
              : t('audit.verifyBroken', { count: result.problems.length + result.moreProblems })}
          </p>
          {result.problems.length > 0 && (
            <ul>
              {result.problems.map((p, i) => (
                <li key={i}>
                  {p.seq === null ? '' : `#${String(p.seq)}: `}
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [extra, setExtra] = useState<{ for: string; entries: EntryView[]; next: number | null } | null>(null);
  const key = JSON.stringify(filter);
  const first = useFetch(key, () => auditApi.entries(filter));
  const exporting = useAction();
  const more = useAction();
  const pages = extra?.for === key ? extra : null;
  const entries = [...(first.data?.entries ?? []), ...(pages?.entries ?? [])];
  const next = pages === null ? (first.data?.nextBeforeSeq ?? null) : pages.next;
  const text = (name: keyof Draft, label: string) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input
        id={`audit-${name}`}
        autoComplete="off"
        value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </div>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter(filterOf(draft));
  };
  const filterBy = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    setFilter(filterOf(next));
  };
  const exportAs = (format: 'csv' | 'json') =>
    void exporting.run(async () => {
      const file = await auditApi.export(filter, format);
      saveFile(file.blob, file.filename);
    });
  return (
    <div className="stack">
      <h1>{t('audit.title')}</h1>
      <form className="panel stack" onSubmit={submit} aria-label={t('audit.filters')}>
        <div className="row wrap">
          {text('actor', t('audit.actor'))}
          {text('action', t('audit.action'))}
          {text('objectType', t('audit.objectType'))}
          {text('objectId', t('audit.objectId'))}
          <div className="field">
            <label htmlFor="audit-outcome">{t('audit.outcome')}</label>
            <select
              id="audit-outcome"
              value={draft.outcome}
              onChange={(e) => setDraft({ ...draft, outcome: e.target.value as Draft['outcome'] })}
            >
              <option value="">{t('audit.any')}</option>
              {(['success', 'failure', 'denied'] as const).map((o) => (
                <option key={o} value={o}>
                  {t(`audit.outcomes.${o}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">{t('docs.from')}</label>
            <DateInput id="audit-from" value={draft.from} onValue={(v) => setDraft({ ...draft, from: v })} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t('docs.to')}</label>
            <DateInput id="audit-to" value={draft.to} onValue={(v) => setDraft({ ...draft, to: v })} />
          </div>
        </div>
        <p className="hint">{t('audit.actionHint')}</p>
        <div className="row wrap">
          <button type="submit" className="primary">
            {t('docs.show')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => exportAs('csv')}
            disabled={exporting.busy}
          >
            {t('audit.exportCsv')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => exportAs('json')}
            disabled={exporting.busy}
          >
            {t('audit.exportJson')}
          </button>
        </div>
        <ErrorMessage error={first.error ?? exporting.error ?? more.error} />
      </form>
      <div className="table-wrap">
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.object')}</th>
              <th scope="col">{t('audit.outcome')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {first.data !== null && entries.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  {t('audit.none')}
                </td>
              </tr>
            )}
            {entries.map((e) => (
              <tr key={e.seq} data-testid="audit-row">
                <td>{e.seq}</td>
                <td>{formatDateTime(e.occurredAt)}</td>
                <td>
                  <FilterLink
                    label={`${e.actorType}${e.actorId === null ? '' : `:${e.actorId.slice(0, 8)}`}`}
                    id={e.actorId}
                    onFilter={(actor) => filterBy({ actor })}
                  />
                </td>
                <th scope="row">
                  <code>{e.action}</code>
                </th>
                <td>
                  <FilterLink
                    label={`${e.objectType}${e.objectId === null ? '' : `:${e.objectId.slice(0, 8)}`}`}
                    id={e.objectId}
                    onFilter={(objectId) => filterBy({ objectType: e.objectType, objectId })}
                  />
                </td>
                <td>
                  <span className={e.outcome === 'success' ? 'badge good' : 'badge bad'}>
                    {t(`audit.outcomes.${e.outcome}`)}
                  </span>
                </td>
                <td className="details">{details(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next !== null && (
        <button
          type="button"
          className="secondary"
          disabled={more.busy}
          onClick={() =>
            void more.run(async () => {
              const page = await auditApi.entries(filter, next);
              setExtra({
                for: key,
                entries: [...(pages?.entries ?? []), ...page.entries],
                next: page.nextBeforeSeq,
              });
            })
          }
        >
          {t('common.more')}
        </button>
      )}
      <VerifyPanel />
    </div>
  );
}
