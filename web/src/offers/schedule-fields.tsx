/** When an offer, sale or coupon runs: start and end as India time, to the minute. */
import { useTranslation } from 'react-i18next';

export interface ScheduleValue {
  /** `datetime-local` values, read by the server as IST. */
  startsAt: string;
  endsAt: string;
}

export function ScheduleFields({
  prefix,
  value,
  onChange,
}: {
  prefix: string;
  value: ScheduleValue;
  onChange: (value: ScheduleValue) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <div className="field">
        <label htmlFor={`${prefix}-starts`}>{t('offers.from')} (IST)</label>
        <input
          id={`${prefix}-starts`}
          type="datetime-local"
          required
          value={value.startsAt}
          onChange={(e) => onChange({ ...value, startsAt: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-ends`}>{t('offers.until')} (IST)</label>
        <input
          id={`${prefix}-ends`}
          type="datetime-local"
          aria-describedby={`${prefix}-ends-hint`}
          value={value.endsAt}
          onChange={(e) => onChange({ ...value, endsAt: e.target.value })}
        />
        <small id={`${prefix}-ends-hint`}>{t('offers.untilHint')}</small>
      </div>
    </div>
  );
}
