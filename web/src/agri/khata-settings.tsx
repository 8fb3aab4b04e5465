/**
 * Khata settings of an agri-input shop in store settings: simple interest on overdue amounts (off
 * by default; the yearly rate in percent and the grace days), the day each crop season's credit
 * falls due, and SMS reminders of overdue khata to farmers who agreed to SMS.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { agriApi, type KhataSettings } from '../api/agri.api';
import { FormFooter } from '../shell/form-footer';
import { ErrorMessage } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

const load = () => agriApi.khataSettings();
const seasons = ['kharif', 'rabi', 'zaid'] as const;
const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
const days = Array.from({ length: 31 }, (_, i) => String(i + 1).padStart(2, '0'));

function KhataSettingsForm({ initial }: { initial: KhataSettings }) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState(initial);
  const [ratePercent, setRatePercent] = useState(String(initial.interest.rateBp / 100));
  const action = useAction();
  const monthName = (m: string) =>
    new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' }).format(
      new Date(`2024-${m}-01T00:00:00Z`),
    );
  const setDue = (season: (typeof seasons)[number], part: 'month' | 'day', value: string) =>
    setForm((f) => {
      const [month = '01', day = '01'] = f.seasonDue[season].split('-');
      const next = part === 'month' ? `${value}-${day}` : `${month}-${value}`;
      return { ...f, seasonDue: { ...f.seasonDue, [season]: next } };
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const rateBp = Math.round(Number(ratePercent) * 100);
      setForm(await agriApi.saveKhataSettings({ ...form, interest: { ...form.interest, rateBp } }));
      return t('agri.khataSettings.saved');
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-busy={action.busy}>
      <p className="hint">{t('agri.khataSettings.intro')}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={form.interest.enabled}
          onChange={(e) => setForm((f) => ({ ...f, interest: { ...f.interest, enabled: e.target.checked } }))}
        />
        {t('agri.khataSettings.interestEnabled')}
      </label>
      <div className="row wrap">
        <div className="field">
          <label htmlFor="khata-rate">{t('agri.khataSettings.rate')}</label>
          <input
            id="khata-rate"
            type="number"
            min={0}
            max={60}
            step={0.01}
            required
            disabled={!form.interest.enabled}
            value={ratePercent}
            onChange={(e) => setRatePercent(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="khata-grace">{t('agri.khataSettings.graceDays')}</label>
          <input
            id="khata-grace"
            type="number"
            min={0}
            max={365}
            required
            disabled={!form.interest.enabled}
            value={form.interest.graceDays}
            onChange={(e) =>
              setForm((f) => ({ ...f, interest: { ...f.interest, graceDays: Number(e.target.value) } }))
            }
          />
        </div>
      </div>
      <fieldset className="stack">
        <legend>{t('agri.khataSettings.seasonDue')}</legend>
        {seasons.map((season) => {
          const [month = '01', day = '01'] = form.seasonDue[season].split('-');
          return (
            <div className="row wrap" key={season}>
              <div className="field">
                <label htmlFor={`khata-${season}-month`}>
                  {t(`agri.khataSettings.seasons.${season}`)}: {t('agri.khataSettings.month')}
                </label>
                <select
                  id={`khata-${season}-month`}
                  value={month}
                  onChange={(e) => setDue(season, 'month', e.target.value)}
                >
                  {months.map((m) => (
                    <option key={m} value={m}>
                      {monthName(m)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`khata-${season}-day`}>
                  {t(`agri.khataSettings.seasons.${season}`)}: {t('agri.khataSettings.day')}
                </label>
                <select
                  id={`khata-${season}-day`}
                  value={day}
                  onChange={(e) => setDue(season, 'day', e.target.value)}
                >
                  {days.map((d) => (
                    <option key={d} value={d}>
                      {Number(d)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          );
        })}
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={form.remindersEnabled}
          onChange={(e) => setForm((f) => ({ ...f, remindersEnabled: e.target.checked }))}
        />
        {t('agri.khataSettings.reminders')}
      </label>
      <FormFooter action={action} label={t('agri.khataSettings.save')} />
    </form>
  );
}

export function KhataSettingsSection() {
  const { t } = useTranslation();
  const { data, error } = useLoad(load);
  return (
    <section className="panel stack" aria-labelledby="khata-settings-title">
      <h2 id="khata-settings-title">{t('agri.khataSettings.title')}</h2>
      <ErrorMessage error={error} />
      {data !== null && <KhataSettingsForm initial={data} />}
    </section>
  );
}
