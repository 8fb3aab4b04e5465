/**
 * What an offer or a sale price applies to, as both forms ask it: a kind of group (category,
 * brand, collection, or everything) and, unless everything, the group's name as on the items.
 */
import { useTranslation } from 'react-i18next';

export type TargetKind = 'category' | 'brand' | 'collection' | 'all';

export const TARGET_KINDS: readonly TargetKind[] = ['category', 'brand', 'collection', 'all'];

export function TargetFields({
  idPrefix,
  kind,
  value,
  hint = false,
  onKind,
  onValue,
}: {
  idPrefix: string;
  kind: TargetKind;
  value: string;
  /** Says under the name that it is the group's name as on the items. */
  hint?: boolean;
  onKind: (kind: TargetKind) => void;
  onValue: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-target-kind`}>{t('offers.appliesTo')}</label>
        <select
          id={`${idPrefix}-target-kind`}
          value={kind}
          onChange={(e) => onKind(e.target.value as TargetKind)}
        >
          {TARGET_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`offers.targetKinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {kind !== 'all' && (
        <div className="field">
          <label htmlFor={`${idPrefix}-target`}>{t('offers.targetName')}</label>
          <input
            id={`${idPrefix}-target`}
            required
            maxLength={60}
            {...(hint ? { 'aria-describedby': `${idPrefix}-target-hint` } : {})}
            value={value}
            onChange={(e) => onValue(e.target.value)}
          />
          {hint && <small id={`${idPrefix}-target-hint`}>{t('offers.targetNameHint')}</small>}
        </div>
      )}
    </>
  );
}
