/**
 * Editing retention on the Compliance page: each policy's period (within the legal minimum and
 * maximum the server gives, which it enforces too) and whether it runs, and the audit trail's own
 * retention (the trail and its GST entries, step-up required). Every change is recorded in the
 * audit trail by the server; a refused value shows the form's own message naming the field.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { privacyApi, type PolicySetting } from '../api/privacy.api';
import { ErrorMessage } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

/** One policy's change form, opened from its row. */
export function PolicyEditor({ policy, onSaved }: { policy: PolicySetting; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState(String(policy.period));
  const [enabled, setEnabled] = useState(policy.enabled);
  const action = useAction();
  const unit = t(`privacy.compliance.units.${policy.unit}`);
  const periodLabel = t('privacy.compliance.keepFor', { unit });
  const enabledLabel = t('privacy.compliance.applies');
  const id = `policy-${policy.policy}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await privacyApi.setPolicy(policy.policy, { enabled, period: Number(period) });
      await onSaved();
      return t('privacy.compliance.saved');
    });
  };
  return (
    <details>
      <summary>{t('privacy.compliance.change')}</summary>
      <form
        className="stack"
        onSubmit={submit}
        aria-label={t('privacy.compliance.changeOf', { policy: policy.description })}
      >
        <div className="field">
          <label htmlFor={`${id}-period`}>{periodLabel}</label>
          <input
            id={`${id}-period`}
            type="number"
            inputMode="numeric"
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
          />
          <p className="hint">{t('privacy.compliance.range', { min: policy.min, max: policy.max, unit })}</p>
        </div>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {enabledLabel}
        </label>
        <button type="submit" className="primary small" disabled={action.busy}>
          {t('common.save')}
        </button>
        <ErrorMessage error={action.error} fields={{ period: periodLabel, enabled: enabledLabel }} />
        {action.notice !== null && <p role="status">{action.notice}</p>}
      </form>
    </details>
  );
}

/** The audit trail's retention: the trail itself and its GST entries, in months. */
export function AuditRetentionEditor() {
  const { t } = useTranslation();
  const current = useLoad(privacyApi.auditRetention);
  const [draft, setDraft] = useState<{ trail: string; gst: string } | null>(null);
  const action = useAction();
  const shown = draft ?? {
    trail: String(current.data?.retentionMonths ?? ''),
    gst: String(current.data?.gstRetentionMonths ?? ''),
  };
  const trailLabel = t('privacy.compliance.auditTrailMonths');
  const gstLabel = t('privacy.compliance.auditGstMonths');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await privacyApi.setAuditRetention({
        retentionMonths: Number(shown.trail),
        gstRetentionMonths: Number(shown.gst),
      });
      await current.reload();
      setDraft(null);
      return t('privacy.compliance.saved');
    });
  };
  return (
    <form
      className="stack"
      onSubmit={submit}
      aria-labelledby="audit-retention-title"
      data-testid="audit-retention"
    >
      <h3 id="audit-retention-title">{t('privacy.compliance.auditRetention')}</h3>
      <p className="hint">{t('privacy.compliance.auditRetentionHint')}</p>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="audit-trail-months">{trailLabel}</label>
          <input
            id="audit-trail-months"
            type="number"
            inputMode="numeric"
            value={shown.trail}
            onChange={(e) => setDraft({ ...shown, trail: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-gst-months">{gstLabel}</label>
          <input
            id="audit-gst-months"
            type="number"
            inputMode="numeric"
            value={shown.gst}
            onChange={(e) => setDraft({ ...shown, gst: e.target.value })}
          />
        </div>
      </div>
      <button type="submit" className="secondary" disabled={action.busy || current.data === null}>
        {t('privacy.compliance.saveAuditRetention')}
      </button>
      <ErrorMessage
        error={action.error ?? current.error}
        fields={{ retentionMonths: trailLabel, gstRetentionMonths: gstLabel }}
      />
      {action.notice !== null && <p role="status">{action.notice}</p>}
    </form>
  );
}
