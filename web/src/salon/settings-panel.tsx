/**
 * The salon's settings for managers: how many hours before an appointment its reminder is sent
 * (to clients who agreed to one, on the channel they chose).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { salonApi } from '../api/salon.api';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';

export function SalonSettingsPanel() {
  const { t } = useTranslation();
  const action = useAction();
  const [hours, setHours] = useState('');
  useEffect(() => {
    void action.run(async () => {
      const settings = await salonApi.settings();
      setHours(String(settings.reminderLeadMinutes / 60));
    });
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const save = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const saved = await salonApi.saveSettings({ reminderLeadMinutes: Math.round(Number(hours) * 60) });
      setHours(String(saved.reminderLeadMinutes / 60));
      return t('salon.settingsSaved');
    });
  };
  return (
    <section className="panel stack" aria-labelledby="salon-settings-title">
      <h2 id="salon-settings-title">{t('salon.settingsTitle')}</h2>
      <form className="row wrap" onSubmit={save}>
        <label>
          {t('salon.reminderLead')}
          <input
            type="number"
            min={0.5}
            max={72}
            step={0.5}
            required
            value={hours}
            onChange={(e) => setHours(e.target.value)}
          />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('salon.saveSettings')}
        </button>
      </form>
      <p>{t('salon.reminderLeadHelp')}</p>
      <ErrorMessage error={action.error} />
      {action.notice !== null && <Notice>{action.notice}</Notice>}
    </section>
  );
}
