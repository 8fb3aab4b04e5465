/** The incident's timeline (append-only: every step, who and when) and adding a note to it. */
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { incidentsApi, type TimelineEvent } from '../api/incidents.api';
import { useAction } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { detailsWords, plainWords, type Names } from '../format/words';
import { useNames } from '../shell/use-names';
import { ErrorMessage } from '../shell/status';

/**
 * What an event's details say, in words (ids as the names they stand for, instants in IST);
 * `drill: false` is left out, since every real incident would carry it.
 */
function summary(t: TFunction, event: TimelineEvent, names: Names): string {
  const details = Object.fromEntries(
    Object.entries(event.details).filter(([k, v]) => !(k === 'drill' && v === false)),
  );
  return detailsWords(t, details, names).join(' · ');
}

export function TimelinePanel(props: {
  incidentId: string;
  events: readonly TimelineEvent[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [note, setNote] = useState('');
  const { names } = useNames();
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
              {formatDateTime(e.at)} · {t(`words.timeline.${e.kind}`, { defaultValue: plainWords(e.kind) })}
            </strong>{' '}
            <span className="hint">{summary(t, e, names)}</span>
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
