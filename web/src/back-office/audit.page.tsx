/**
 * The audit trail: who did what to which object and when (IST), newest first, filtered by actor,
 * action, object and a time range; exported as CSV or JSON (the export is itself recorded); and
 * verified on demand: every entry's hash recomputed along the chain and checked against the
 * signed checkpoints, with the result shown.
 */
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { auditApi, type AuditFilter, type EntryView, type VerifyResult } from '../api/security.api';
import { formatDateTime, istDayStart } from '../format/dates';
import { actionWords, detailsWords, kindWords, knownActions, type Names } from '../format/words';
import { useNames } from '../shell/use-names';
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

/** Kinds of object the trail's "About" filter offers. */
const OBJECT_KINDS = [
  'customer',
  'invoice',
  'credit_note',
  'item',
  'user',
  'role',
  'store',
  'backup',
  'incident',
  'privacy_request',
  'retention_policy',
  'data_key',
  'session',
  'alert',
  'security_audit',
];

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

/** The entry's details in words, ids replaced by the names they stand for. */
function details(t: TFunction, entry: EntryView, names: Names): string {
  return detailsWords(t, entry.details, names).join('; ');
}

/** Who acted: a person's name, or what acted when it was not a person. */
function actorName(t: TFunction, entry: EntryView, names: Names): string {
  if (entry.actorType === 'user' && entry.actorId !== null)
    return names[entry.actorId] ?? kindWords(t, 'user');
  return kindWords(t, entry.actorType);
}

/** What the entry is about: its kind, and its name when the screen knows it (a person, a store). */
function objectName(t: TFunction, entry: EntryView, names: Names): string {
  const name = entry.objectId === null ? undefined : names[entry.objectId];
  return name === undefined ? kindWords(t, entry.objectType) : `${kindWords(t, entry.objectType)}: ${name}`;
}

/** A person or object in words; choosing it shows only its entries. */
function FilterLink({
  label,
  title,
  id,
  onFilter,
}: {
  label: string;
  title: string;
  id: string | null;
  onFilter: (id: string) => void;
}) {
  if (id === null) return <span>{label}</span>;
  return (
    <button type="button" className="link" title={title} onClick={() => onFilter(id)}>
      {label}
    </button>
  );
}

/** Every action the trail knows, in words, sorted as read. */
function actionChoices(t: TFunction): { code: string; words: string }[] {
  return Object.entries(knownActions(t))
    .map(([code, words]) => ({ code, words }))
    .sort((a, b) => a.words.localeCompare(b.words));
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
  const { names, people } = useNames();
  const choose = (
    name: 'actor' | 'action' | 'objectType',
    label: string,
    anyLabel: string,
    options: { value: string; label: string }[],
  ) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <select
        id={`audit-${name}`}
        value={draft[name]}
        onChange={(e) =>
          setDraft({ ...draft, [name]: e.target.value, ...(name === 'objectType' ? { objectId: '' } : {}) })
        }
      >
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
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
          {choose(
            'actor',
            t('words.trail.person'),
            t('words.trail.anyone'),
            people.map((p) => ({ value: p.id, label: p.name })),
          )}
          {choose(
            'action',
            t('words.trail.what'),
            t('words.trail.anything'),
            actionChoices(t).map((a) => ({ value: a.code, label: a.words })),
          )}
          {choose(
            'objectType',
            t('words.trail.about'),
            t('words.trail.anything'),
            OBJECT_KINDS.map((k) => ({ value: k, label: kindWords(t, k) })),
          )}
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
        {draft.objectId !== '' && (
          <p className="hint">
            {t('words.trail.showingObject', { kind: kindWords(t, draft.objectType) })}{' '}
            <button type="button" className="link" onClick={() => filterBy({ objectType: '', objectId: '' })}>
              {t('words.trail.showAll')}
            </button>
          </p>
        )}
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
              <th scope="col">{t('words.trail.person')}</th>
              <th scope="col">{t('words.trail.what')}</th>
              <th scope="col">{t('words.trail.about')}</th>
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
                    label={actorName(t, e, names)}
                    title={t('words.trail.onlyPerson')}
                    id={e.actorType === 'user' ? e.actorId : null}
                    onFilter={(actor) => filterBy({ actor })}
                  />
                </td>
                <th scope="row">{actionWords(t, e.action)}</th>
                <td>
                  <FilterLink
                    label={objectName(t, e, names)}
                    title={t('words.trail.onlyObject')}
                    id={e.objectId}
                    onFilter={(objectId) => filterBy({ objectType: e.objectType, objectId })}
                  />
                </td>
                <td>
                  <span className={e.outcome === 'success' ? 'badge good' : 'badge bad'}>
                    {t(`audit.outcomes.${e.outcome}`)}
                  </span>
                </td>
                <td className="details">{details(t, e, names)}</td>
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
