/**
 * The incident-response plan: contacts (who to call), roles (who does what), a playbook per kind
 * of incident, and the date to review it by. Saving records a review; past the date the page (and
 * an alert) says so.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { incidentsApi, type Plan, type PlanContent } from '../api/incidents.api';
import { useAction, useLoad } from '../shell/use-load';
import { formatDateTime } from '../format/dates';
import { ErrorMessage, Notice } from '../shell/status';
import { IncidentTabs } from './incident-tabs';

const contactRoles = [
  'incident_lead',
  'grievance_officer',
  'owner',
  'it_support',
  'cert_in_poc',
  'legal',
  'other',
];

function PlanForm({ plan, onSaved }: { plan: Plan; onSaved: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [content, setContent] = useState<PlanContent>(plan.content);
  const [reviewBy, setReviewBy] = useState(plan.saved && !plan.overdue ? plan.reviewBy : '');
  const setContact = (i: number, patch: Partial<PlanContent['contacts'][number]>) =>
    setContent({ ...content, contacts: content.contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const clean = {
        ...content,
        contacts: content.contacts.map(({ phone, email, ...c }) => ({
          ...c,
          ...(phone === undefined || phone === '' ? {} : { phone }),
          ...(email === undefined || email === '' ? {} : { email }),
        })),
      };
      await incidentsApi.savePlan(clean, reviewBy);
      onSaved();
      return t('incidents.saved');
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-busy={action.busy}>
      <fieldset className="stack">
        <legend>{t('incidents.contacts')}</legend>
        {content.contacts.map((c, i) => (
          <div key={i} className="row wrap">
            <select
              aria-label={t('incidents.contactRole')}
              value={c.role}
              onChange={(e) => setContact(i, { role: e.target.value })}
            >
              {contactRoles.map((r) => (
                <option key={r} value={r}>
                  {r.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
            <input
              aria-label={t('incidents.contactName')}
              placeholder={t('incidents.contactName')}
              required
              value={c.name}
              onChange={(e) => setContact(i, { name: e.target.value })}
            />
            <input
              aria-label={t('incidents.contactPhone')}
              placeholder={t('incidents.contactPhone')}
              value={c.phone ?? ''}
              onChange={(e) => setContact(i, { phone: e.target.value })}
            />
            <input
              aria-label={t('incidents.contactEmail')}
              placeholder={t('incidents.contactEmail')}
              type="email"
              value={c.email ?? ''}
              onChange={(e) => setContact(i, { email: e.target.value })}
            />
            <button
              type="button"
              className="secondary small"
              onClick={() => setContent({ ...content, contacts: content.contacts.filter((_, j) => j !== i) })}
            >
              {t('incidents.remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setContent({ ...content, contacts: [...content.contacts, { role: 'incident_lead', name: '' }] })
          }
        >
          {t('incidents.addContact')}
        </button>
      </fieldset>
      <fieldset className="stack">
        <legend>{t('incidents.roles')}</legend>
        {content.roles.map((r, i) => (
          <div key={i} className="field">
            <label htmlFor={`plan-role-${String(i)}`}>{r.role}</label>
            <textarea
              id={`plan-role-${String(i)}`}
              rows={2}
              value={r.responsibilities}
              onChange={(e) =>
                setContent({
                  ...content,
                  roles: content.roles.map((x, j) =>
                    j === i ? { ...x, responsibilities: e.target.value } : x,
                  ),
                })
              }
            />
          </div>
        ))}
      </fieldset>
      <fieldset className="stack">
        <legend>{t('incidents.playbooks')}</legend>
        {content.playbooks.map((p, i) => (
          <div key={p.category} className="field">
            <label htmlFor={`plan-playbook-${String(i)}`}>{p.category.replace(/_/g, ' ')}</label>
            <textarea
              id={`plan-playbook-${String(i)}`}
              rows={4}
              value={p.steps.join('\n')}
              onChange={(e) =>
                setContent({
                  ...content,
                  playbooks: content.playbooks.map((x, j) =>
                    j === i ? { ...x, steps: e.target.value.split('\n').filter((s) => s.trim() !== '') } : x,
                  ),
                })
              }
            />
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="plan-review">{t('incidents.reviewBy')}</label>
        <input
          id="plan-review"
          type="date"
          required
          value={reviewBy}
          onChange={(e) => setReviewBy(e.target.value)}
        />
      </div>
      <ErrorMessage error={action.error} />
      <Notice>{action.notice}</Notice>
      <button type="submit" className="primary" disabled={action.busy}>
        {t('incidents.savePlan')}
      </button>
    </form>
  );
}

export default function PlanPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(incidentsApi.plan);
  return (
    <div className="stack">
      <h1>{t('incidents.planTitle')}</h1>
      <IncidentTabs />
      <ErrorMessage error={error} />
      {data !== null && (
        <>
          {!data.saved && <p>{t('incidents.planStarter')}</p>}
          {data.saved && data.reviewedAt !== null && (
            <p>
              {t('incidents.planVersion', { version: data.version, when: formatDateTime(data.reviewedAt) })}
            </p>
          )}
          {data.overdue && <p className="message message-error">{t('incidents.planOverdue')}</p>}
          <PlanForm key={data.version} plan={data} onSaved={() => void reload()} />
        </>
      )}
    </div>
  );
}
