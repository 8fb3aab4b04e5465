/** The incident's timeline (append-only: every step, who and when) and adding a note to it. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { incidentsApi, type TimelineEvent } from '../api/incidents.api';
import { useAction } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { ErrorMessage } from '../shell/status';

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** One detail value as shown: instants in IST, lists joined, the rest as sent. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return value.map(shown).join(', ');
  if (typeof value === 'string' && instantPattern.test(value)) return formatDateTime(value);
  return String(value);
}

/**
 * What an event's details say, as `key: value` pairs (ids, codes and counts only); `drill: false`
 * is left out, since every real incident would carry it.
 */
function summary(event: TimelineEvent): string {
  return Object.entries(event.details)
    .filter(([k, v]) => !(k === 'drill' && v === false))
    .map(([k, v]) => `${k}: ${shown(v)}`)
    .join(' · ');
}

export function TimelinePanel(props: {
  incidentId: string;
  events: readonly TimelineEvent[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await incidentsApi.note(props.incidentId, note);
      setNote('');
      props.onChange();
    });
  };
  return (
    <section aria-labelledby="timeline-title" className="panel stack">
      <h2 id="timeline-title">{t('incidents.timelineTitle')}</h2>
      <ol className="plain stack" data-testid="timeline">
        {props.events.map((e) => (
          <li key={e.seq} data-kind={e.kind}>
            <strong>
              {formatDateTime(e.at)} · {e.kind}
            </strong>{' '}
            <span className="hint">{summary(e)}</span>
            {e.note !== null && <p>{e.note}</p>}
          </li>
        ))}
      </ol>
      <form className="row wrap" onSubmit={submit}>
        <label htmlFor="timeline-note" className="visually-hidden">
          {t('incidents.noteLabel')}
        </label>
        <textarea
          id="timeline-note"
          rows={2}
          placeholder={t('incidents.noteLabel')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="submit" className="secondary" disabled={action.busy || note.trim() === ''}>
          {t('incidents.addNote')}
        </button>
      </form>
      <ErrorMessage error={action.error} />
    </section>
  );
}
