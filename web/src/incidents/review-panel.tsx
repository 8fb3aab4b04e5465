/** The post-incident review: root cause, what worked, what to improve, and its actions. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { incidentsApi } from '../api/incidents.api';
import { useAction, useLoad } from '../shell/use-load';
import { ErrorMessage, Notice } from '../shell/status';

const fields = ['rootCause', 'whatWorked', 'toImprove'] as const;

export function ReviewPanel({ incidentId, onChange }: { incidentId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const [loader] = useState(() => () => incidentsApi.review(incidentId));
  const { data } = useLoad(loader);
  const action = useAction();
  const [values, setValues] = useState<Record<(typeof fields)[number], string> | null>(null);
  const current = values ?? {
    rootCause: data?.review?.rootCause ?? '',
    whatWorked: data?.review?.whatWorked ?? '',
    toImprove: data?.review?.toImprove ?? '',
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await incidentsApi.saveReview(incidentId, current);
      onChange();
      return t('incidents.saved');
    });
  };
  return (
    <section aria-labelledby="review-title" className="panel stack">
      <h2 id="review-title">{t('incidents.reviewTitle')}</h2>
      <form className="stack" onSubmit={submit}>
        {fields.map((f) => (
          <div key={f} className="field">
            <label htmlFor={`review-${f}`}>{t(`incidents.${f}`)}</label>
            <textarea
              id={`review-${f}`}
              rows={3}
              required
              value={current[f]}
              onChange={(e) => setValues({ ...current, [f]: e.target.value })}
            />
          </div>
        ))}
        <button type="submit" className="primary" disabled={action.busy}>
          {t('incidents.saveReview')}
        </button>
      </form>
      <ul className="plain">
        {data?.actions.map((a) => (
          <li key={a.id} className={a.overdue ? 'warn' : ''}>
            {a.dueOn} · {a.description} · {a.status}
          </li>
        ))}
      </ul>
      <ErrorMessage error={action.error} />
      <Notice>{action.notice}</Notice>
    </section>
  );
}
