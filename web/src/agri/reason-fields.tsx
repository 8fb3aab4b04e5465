/**
 * The reason asked before personal data is shown or handed out: a category and, for "other",
 * words of one's own. The server checks and records it (the category and the length of the words).
 */
import { useTranslation } from 'react-i18next';
import { revealReasons, type RevealReasonCategory } from '../api/customers.api';
import type { Reason } from './farmer-records.api';

export function ReasonFields({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: Reason;
  onChange: (reason: Reason) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-reason`}>{t('customers.reason')}</label>
        <select
          id={`${idPrefix}-reason`}
          value={value.category}
          onChange={(e) => onChange({ ...value, category: e.target.value as RevealReasonCategory })}
        >
          {revealReasons.map((r) => (
            <option key={r} value={r}>
              {t(`customers.reasons.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-reason-text`}>{t('customers.reasonText')}</label>
        <input
          id={`${idPrefix}-reason-text`}
          maxLength={500}
          value={value.text}
          onChange={(e) => onChange({ ...value, text: e.target.value })}
        />
      </div>
    </>
  );
}
