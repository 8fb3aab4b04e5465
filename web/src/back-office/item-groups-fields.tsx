/**
 * An item's category, brand and collection: the groups that offers and sale prices name (issue
 * 15), so a brand offer can be set up from the item dialogs without a CSV import. Empty means
 * none.
 */
import { useTranslation } from 'react-i18next';

export interface ItemGroups {
  category: string;
  brand: string;
  collection: string;
}

export const GROUP_FIELDS = ['category', 'brand', 'collection'] as const;

/** The groups as the API takes them (trimmed; empty as null). */
export function groupsPatch(groups: ItemGroups): Record<keyof ItemGroups, string | null> {
  const value = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    category: value(groups.category),
    brand: value(groups.brand),
    collection: value(groups.collection),
  };
}

export function ItemGroupsFields({
  idPrefix,
  groups,
  onChange,
}: {
  idPrefix: string;
  groups: ItemGroups;
  onChange: (groups: ItemGroups) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="row wrap">
      <legend>{t('items.groups')}</legend>
      {GROUP_FIELDS.map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`${idPrefix}-${name}`}>{t(`items.${name}`)}</label>
          <input
            id={`${idPrefix}-${name}`}
            maxLength={60}
            value={groups[name]}
            onChange={(e) => onChange({ ...groups, [name]: e.target.value })}
          />
        </div>
      ))}
      <p className="hint">
        <small>{t('items.groupsHint')}</small>
      </p>
    </fieldset>
  );
}
