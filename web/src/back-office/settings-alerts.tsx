/**
 * Where alerts go and what raises them: email recipients and a signed webhook, each with the
 * lowest severity it hears about; the detectors' thresholds (failed sign-ins, password spraying,
 * new devices, bulk reveals and exports per role) and the business hours (IST) outside which
 * access is flagged. Saving asks for the password again (step-up).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { alertsApi, type AlertChannelsView, type MonitoringSettings } from '../api/security.api';
import { FormFooter } from '../shell/form-footer';
import { ErrorMessage } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

const severities = ['low', 'medium', 'high', 'critical'] as const;
type Severity = (typeof severities)[number];
const loadChannels = () => alertsApi.channels();
const loadMonitoring = () => alertsApi.monitoring();

function SeveritySelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: Severity;
  onChange: (s: Severity) => void;
}) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as Severity)}>
      {severities.map((s) => (
        <option key={s} value={s}>
          {t(`alerts.severities.${s}`)}
        </option>
      ))}
    </select>
  );
}

function ChannelsForm({ initial }: { initial: AlertChannelsView }) {
  const { t } = useTranslation();
  // Recipients and the webhook are shown masked: typing replaces them, leaving empty keeps them.
  const [recipients, setRecipients] = useState('');
  const [emailMin, setEmailMin] = useState<Severity>(initial.emailMinSeverity);
  const [hookUrl, setHookUrl] = useState('');
  const [removeHook, setRemoveHook] = useState(false);
  const [hookMin, setHookMin] = useState<Severity>(initial.webhookMinSeverity);
  const [checkpoints, setCheckpoints] = useState(initial.sendCheckpoints);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const emails = recipients.split(/[\s,;]+/).filter((r) => r !== '');
      const url = hookUrl.trim();
      await alertsApi.saveChannels({
        ...(emails.length === 0 ? {} : { emailRecipients: emails }),
        emailMinSeverity: emailMin,
        ...(removeHook ? { webhook: null } : url === '' ? {} : { webhook: { url } }),
        webhookMinSeverity: hookMin,
        sendCheckpoints: checkpoints,
      });
      return t('settings.saved');
    });
  };
  return (
    <form className="stack" onSubmit={submit}>
      <p>
        {initial.emailRecipients.length === 0
          ? t('alertSettings.noRecipients')
          : t('alertSettings.currentRecipients', { list: initial.emailRecipients.join(', ') })}
      </p>
      <div className="field">
        <label htmlFor="alert-emails">{t('alertSettings.recipients')}</label>
        <textarea
          id="alert-emails"
          rows={2}
          value={recipients}
          aria-describedby="alert-emails-hint"
          onChange={(e) => setRecipients(e.target.value)}
        />
        <p id="alert-emails-hint" className="hint">
          {t('alertSettings.recipientsHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="alert-email-min">{t('alertSettings.emailMin')}</label>
        <SeveritySelect id="alert-email-min" value={emailMin} onChange={setEmailMin} />
      </div>
      <p>
        {initial.webhook.configured
          ? t('alertSettings.currentWebhook', { host: initial.webhook.host ?? '' })
          : t('alertSettings.noWebhook')}
      </p>
      <div className="field">
        <label htmlFor="alert-hook">{t('alertSettings.webhook')}</label>
        <input
          id="alert-hook"
          type="url"
          placeholder="https://"
          disabled={removeHook}
          value={hookUrl}
          onChange={(e) => setHookUrl(e.target.value)}
        />
      </div>
      {initial.webhook.configured && (
        <label className="check">
          <input type="checkbox" checked={removeHook} onChange={(e) => setRemoveHook(e.target.checked)} />
          {t('alertSettings.removeWebhook')}
        </label>
      )}
      <div className="field">
        <label htmlFor="alert-hook-min">{t('alertSettings.webhookMin')}</label>
        <SeveritySelect id="alert-hook-min" value={hookMin} onChange={setHookMin} />
      </div>
      <label className="check">
        <input type="checkbox" checked={checkpoints} onChange={(e) => setCheckpoints(e.target.checked)} />
        {t('alertSettings.checkpoints')}
      </label>
      <FormFooter action={action} />
    </form>
  );
}

const days = [1, 2, 3, 4, 5, 6, 0] as const;

function MonitoringForm({ initial }: { initial: MonitoringSettings }) {
  const { t } = useTranslation();
  const [s, setS] = useState(initial);
  const action = useAction();
  const num = (id: string, label: string, value: number, change: (n: number) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={1}
        required
        value={value}
        onChange={(e) => change(Number(e.target.value))}
      />
    </div>
  );
  const hours = s.businessHours;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await alertsApi.saveMonitoring(s);
      return t('settings.saved');
    });
  };
  return (
    <form className="stack" onSubmit={submit}>
      <div className="row wrap">
        {num('mon-bf', t('alertSettings.bruteForce'), s.bruteForce.failures, (n) =>
          setS({ ...s, bruteForce: { ...s.bruteForce, failures: n } }),
        )}
        {num('mon-bf-w', t('alertSettings.windowMinutes'), s.bruteForce.windowMinutes, (n) =>
          setS({ ...s, bruteForce: { ...s.bruteForce, windowMinutes: n } }),
        )}
        {num('mon-spray', t('alertSettings.spraying'), s.spraying.accounts, (n) =>
          setS({ ...s, spraying: { ...s.spraying, accounts: n } }),
        )}
        {num('mon-bulk', t('alertSettings.bulkOthers'), s.bulkAccess.otherRoles, (n) =>
          setS({ ...s, bulkAccess: { ...s.bulkAccess, otherRoles: n } }),
        )}
        {num('mon-bulk-w', t('alertSettings.bulkWindow'), s.bulkAccess.windowMinutes, (n) =>
          setS({ ...s, bulkAccess: { ...s.bulkAccess, windowMinutes: n } }),
        )}
        {num('mon-dedupe', t('alertSettings.dedupe'), s.dedupeMinutes, (n) =>
          setS({ ...s, dedupeMinutes: n }),
        )}
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={s.newDevice.enabled}
          onChange={(e) => setS({ ...s, newDevice: { ...s.newDevice, enabled: e.target.checked } })}
        />
        {t('alertSettings.newDevice')}
      </label>
      <fieldset className="stack">
        <legend>{t('alertSettings.hours')}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={hours.enabled}
            onChange={(e) => setS({ ...s, businessHours: { ...hours, enabled: e.target.checked } })}
          />
          {t('alertSettings.hoursOn')}
        </label>
        <div className="row wrap">
          <div className="field">
            <label htmlFor="mon-start">{t('alertSettings.opens')}</label>
            <input
              id="mon-start"
              type="time"
              required
              value={hours.start}
              onChange={(e) => setS({ ...s, businessHours: { ...hours, start: e.target.value } })}
            />
          </div>
          <div className="field">
            <label htmlFor="mon-end">{t('alertSettings.closes')}</label>
            <input
              id="mon-end"
              type="time"
              required
              value={hours.end}
              onChange={(e) => setS({ ...s, businessHours: { ...hours, end: e.target.value } })}
            />
          </div>
        </div>
        <div className="checks">
          {days.map((d) => (
            <label key={d} className="check">
              <input
                type="checkbox"
                checked={hours.days.includes(d)}
                onChange={(e) =>
                  setS({
                    ...s,
                    businessHours: {
                      ...hours,
                      days: e.target.checked ? [...hours.days, d].sort() : hours.days.filter((x) => x !== d),
                    },
                  })
                }
              />
              {t(`alertSettings.days.${String(d)}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <FormFooter action={action} />
    </form>
  );
}

export function AlertSettingsSection() {
  const { t } = useTranslation();
  const channels = useLoad(loadChannels);
  const monitoring = useLoad(loadMonitoring);
  return (
    <>
      <section className="panel stack" aria-labelledby="channels-title">
        <h2 id="channels-title">{t('alertSettings.channels')}</h2>
        <ErrorMessage error={channels.error} />
        {channels.data !== null && <ChannelsForm initial={channels.data} />}
      </section>
      <section className="panel stack" aria-labelledby="monitoring-title">
        <h2 id="monitoring-title">{t('alertSettings.monitoring')}</h2>
        <ErrorMessage error={monitoring.error} />
        {monitoring.data !== null && <MonitoringForm initial={monitoring.data} />}
      </section>
    </>
  );
}
