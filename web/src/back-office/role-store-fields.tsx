/** The role and store choice shared by the invite form and the role-grant dialog. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../api/admin.api';

export interface RoleStoreFieldsProps {
  roles: readonly string[];
  stores: readonly Store[];
  role: string;
  storeId: string;
  onRole: (role: string) => void;
  onStore: (storeId: string) => void;
}

export function RoleStoreFields({ roles, stores, role, storeId, onRole, onStore }: RoleStoreFieldsProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('users.role')}</label>
        <select id={`${id}-role`} value={role} onChange={(e) => onRole(e.target.value)} required>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`, { defaultValue: r })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-store`}>{t('users.store')}</label>
        <select id={`${id}-store`} value={storeId} onChange={(e) => onStore(e.target.value)}>
          {stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
          <option value="*">{t('users.allStores')}</option>
        </select>
      </div>
    </>
  );
}
