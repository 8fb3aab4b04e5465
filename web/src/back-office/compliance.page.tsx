/**
 * Compliance: the report (PDF) to download, retention policies with a dry run and a real run side
 * by side, the records of processing generated from the data inventory, the vendor register with
 * a form to add one, and the staff training register.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { privacyApi, type RetentionReport } from '../api/privacy.api';
import { AuditRetentionEditor, PolicyEditor } from './retention-editor';
import { formatDate } from '../format/dates';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

const loadAll = async () => {
  const [policies, records, processors, training] = await Promise.all([
    privacyApi.policies(),
    privacyApi.records(),
    privacyApi.processors(),
    privacyApi.training(),
  ]);
  return { ...policies, ...records, ...processors, ...training };
};

function RunResult({ report, names }: { report: RetentionReport; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  return (
    <div className="stack" data-testid="retention-result" data-dry-run={String(report.dryRun)}>
      <h3>
        {t('privacy.compliance.result', {
          kind: t(report.dryRun ? 'privacy.compliance.dry' : 'privacy.compliance.real'),
        })}
      </h3>
      <ul className="plain">
        {report.policies.map((p) => {
          const parts = p.actions
            .filter((a) => a.count > 0)
            .map((a) => t(`privacy.compliance.rows.${a.action}`, { count: a.count }));
          if (p.audit !== undefined && p.audit.removed + p.audit.stubbed > 0)
            parts.push(t('privacy.compliance.rows.audit', { count: p.audit.removed + p.audit.stubbed }));
          for (const [reason, count] of Object.entries(p.held))
            parts.push(t('privacy.compliance.held', { count, reason: reason.replace(/_/g, ' ') }));
          return (
            <li key={p.policy}>
              <strong>{names.get(p.policy) ?? t('privacy.compliance.policy')}</strong>:{' '}
              {parts.join('; ') || t('privacy.compliance.nothing')}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ProcessorForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    name: '',
    service: 'sms',
    purpose: '',
    data: '',
    location: 'India',
    contract: 'signed',
    dpa: 'signed',
    next: '',
  });
  const action = useAction();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await privacyApi.addProcessor({
        name: form.name,
        service: form.service,
        purpose: form.purpose,
        dataCategories: form.data
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
        location: form.location,
        contractStatus: form.contract,
        dpaStatus: form.dpa,
        nextReviewOn: form.next === '' ? null : form.next,
      });
      await onAdded();
      return t('privacy.compliance.added');
    });
  };
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`processor-${key}`}>{label}</label>
      <input
        id={`processor-${key}`}
        type={type}
        value={form[key]}
        onChange={set(key)}
        required={type === 'text'}
      />
    </div>
  );
  return (
    <details>
      <summary>{t('privacy.compliance.addProcessor')}</summary>
      <form className="stack" onSubmit={submit}>
        {field('name', t('privacy.compliance.name'))}
        <div className="field">
          <label htmlFor="processor-service">{t('privacy.compliance.service')}</label>
          <select id="processor-service" value={form.service} onChange={set('service')}>
            {['payment_gateway', 'sms', 'email', 'whatsapp', 'hosting', 'backup', 'other'].map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </div>
        {field('purpose', t('privacy.compliance.purpose'))}
        {field('data', t('privacy.compliance.dataShared'))}
        {field('location', t('privacy.compliance.location'))}
        <div className="row">
          {(['contract', 'dpa'] as const).map((key) => (
            <div className="field" key={key}>
              <label htmlFor={`processor-${key}`}>
                {t(key === 'contract' ? 'privacy.compliance.contract' : 'privacy.compliance.dpa')}
              </label>
              <select id={`processor-${key}`} value={form[key]} onChange={set(key)}>
                {['signed', 'pending', 'none', ...(key === 'dpa' ? ['not_required'] : [])].map((s) => (
                  <option key={s} value={s}>
                    {s.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        {field('next', t('privacy.compliance.nextReview'), 'date')}
        <ErrorMessage error={action.error} />
        <Notice>{action.notice}</Notice>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('common.save')}
        </button>
      </form>
    </details>
  );
}

export default function CompliancePage() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(loadAll);
  const action = useAction();
  const [report, setReport] = useState<RetentionReport | null>(null);
  const run = (dryRun: boolean) => {
    if (!dryRun && !window.confirm(t('privacy.compliance.runConfirm'))) return;
    void action.run(async () => setReport(await privacyApi.runRetention(dryRun)));
  };
  return (
    <div className="stack">
      <h1>{t('privacy.compliance.title')}</h1>
      <p>{t('privacy.compliance.intro')}</p>
      <ErrorMessage error={error ?? action.error} />
      <button type="button" className="primary" onClick={() => void action.run(() => privacyApi.report())}>
        {t('privacy.compliance.report')}
      </button>
      <section className="panel stack" aria-labelledby="retention-title">
        <h2 id="retention-title">{t('privacy.compliance.retention')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('privacy.compliance.policy')}</th>
                <th scope="col">{t('privacy.compliance.period')}</th>
                <th scope="col">{t('privacy.compliance.change')}</th>
              </tr>
            </thead>
            <tbody>
              {data?.policies.map((p) => (
                <tr key={p.policy}>
                  <th scope="row" title={p.basis}>
                    {p.description}
                  </th>
                  <td>
                    {p.enabled
                      ? `${String(p.period)} ${t(`privacy.compliance.units.${p.unit}`)}`
                      : t('privacy.compliance.off')}
                  </td>
                  <td>
                    {p.policy === 'audit' ? (
                      <a href="#audit-retention-title">{t('privacy.compliance.auditRetention')}</a>
                    ) : (
                      <PolicyEditor
                        key={`${p.policy}:${String(p.period)}:${String(p.enabled)}`}
                        policy={p}
                        onSaved={reload}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <AuditRetentionEditor />
        <div className="row">
          <button type="button" className="secondary" disabled={action.busy} onClick={() => run(true)}>
            {t('privacy.compliance.dryRun')}
          </button>
          <button type="button" className="danger" disabled={action.busy} onClick={() => run(false)}>
            {t('privacy.compliance.runNow')}
          </button>
        </div>
        {report !== null && (
          <RunResult report={report} names={new Map(data?.policies.map((p) => [p.policy, p.description]))} />
        )}
      </section>
      <section className="panel stack" aria-labelledby="records-title">
        <h2 id="records-title">{t('privacy.compliance.records')}</h2>
        {data?.records.map((r) => (
          <article key={r.purpose} className="stack" data-testid="processing-record">
            <h3>{r.description}</h3>
            <p>
              <strong>{t('privacy.compliance.basis')}:</strong> {r.lawfulBasis}
            </p>
            <p>
              <strong>{t('privacy.compliance.categories')}:</strong>{' '}
              {r.dataCategories.map((c) => t(`privacy.compliance.category.${c}`)).join(', ')}
            </p>
            <p>
              <strong>{t('privacy.compliance.recipients')}:</strong>{' '}
              {r.recipients.map((p) => p.name).join(', ') || '—'}
            </p>
            <p>
              <strong>{t('privacy.compliance.keptFor')}:</strong> {r.retention.join('; ')}
            </p>
          </article>
        ))}
      </section>
      <section className="panel stack" aria-labelledby="processors-title">
        <h2 id="processors-title">{t('privacy.compliance.processors')}</h2>
        <div className="table-wrap">
          <table data-testid="processors-table">
            <thead>
              <tr>
                <th scope="col">{t('privacy.compliance.name')}</th>
                <th scope="col">{t('privacy.compliance.service')}</th>
                <th scope="col">{t('privacy.compliance.location')}</th>
                <th scope="col">{t('privacy.compliance.dpa')}</th>
                <th scope="col">{t('privacy.compliance.nextReview')}</th>
              </tr>
            </thead>
            <tbody>
              {data?.processors.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{p.service.replace(/_/g, ' ')}</td>
                  <td>{p.location}</td>
                  <td>{p.dpaStatus.replace(/_/g, ' ')}</td>
                  <td className={p.reviewOverdue ? 'warn' : ''}>
                    {p.nextReviewOn === null ? '—' : formatDate(`${p.nextReviewOn}T06:30:00.000Z`)}
                    {p.reviewOverdue ? ` (${t('privacy.compliance.reviewOverdue')})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ProcessorForm onAdded={reload} />
      </section>
      <section className="panel stack" aria-labelledby="training-title">
        <h2 id="training-title">{t('privacy.compliance.training')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('privacy.compliance.course')}</th>
                <th scope="col">{t('privacy.compliance.person')}</th>
                <th scope="col">{t('privacy.compliance.completed')}</th>
                <th scope="col">{t('privacy.requests.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data?.register.map((r) => (
                <tr key={`${r.userId}-${r.courseTitle}`}>
                  <th scope="row">{r.courseTitle}</th>
                  <td>
                    <code>{r.userId.slice(0, 8)}</code>
                  </td>
                  <td>{r.completedOn ?? '—'}</td>
                  <td>{t(`privacy.compliance.trainingStatus.${r.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
