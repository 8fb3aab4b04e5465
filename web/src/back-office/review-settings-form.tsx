/** How often access reviews start on their own, and how many days reviewers have to answer. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reviewApi, type ReviewSettingsView } from '../api/self-audit.api';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction } from '../shell/use-load';

const FREQUENCIES: ReadonlyArray<ReviewSettingsView['frequencyMonths']> = [1, 3, 6, 12];

export function ReviewSettingsForm() {
  const { t } = useTranslation();
  const action = useAction();
  const [settings, setSettings] = useState<ReviewSettingsView | null>(null);
  useEffect(() => {
    let live = true;
    reviewApi.settings().then(
      (s) => live && setSettings(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  if (settings === null) return null;
  return (
    <form
      className="row wrap"
      aria-label={t('accessReviews.settings')}
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(async () => {
          setSettings(await reviewApi.saveSettings(settings));
          return t('accessReviews.saved');
        });
      }}
    >
      <label>
        {t('accessReviews.frequency')}{' '}
        <select
          value={settings.frequencyMonths}
          onChange={(e) =>
            setSettings({
              ...settings,
              frequencyMonths: Number(e.target.value) as ReviewSettingsView['frequencyMonths'],
            })
          }
        >
          {FREQUENCIES.map((m) => (
            <option key={m} value={m}>
              {t(`accessReviews.frequencies.${String(m)}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('accessReviews.dueDays')}{' '}
        <input
          type="number"
          min={1}
          max={60}
          value={settings.dueDays}
          onChange={(e) => setSettings({ ...settings, dueDays: Number(e.target.value) })}
        />
      </label>
      <button type="submit" className="secondary small" disabled={action.busy}>
        {t('common.save')}
      </button>
      <ErrorMessage error={action.error} />
      <Notice>{action.notice}</Notice>
    </form>
  );
}
