/**
 * Granting or removing a role for a person in a store. The server refuses what the granter does
 * not hold, and ends the person's sessions so the change applies at once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type StaffMember, type Store } from '../api/admin.api';
import { Dialog } from '../shell/dialog';
import { ErrorMessage, Notice } from '../shell/status';
import { RoleStoreFields } from './role-store-fields';
import { useAction } from '../shell/use-load';

interface Props {
  member: StaffMember;
  roles: readonly string[];
  stores: readonly Store[];
  onClose: () => void;
}

export function GrantForm({ member, roles, stores, onClose }: Props) {
  const { t } = useTranslation();
  const [role, setRole] = useState(roles[0] ?? '');
  const [storeId, setStoreId] = useState('*');
  const action = useAction();
  const change = (granted: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    void action.run(async () => {
      await adminApi.setGrant(member.userId, { role, storeId, granted });
      return granted ? t('users.granted') : t('users.revoked');
    });
  };
  return (
    <Dialog title={t('users.changeRolesOf', { name: member.displayName })} onClose={onClose}>
      <form className="stack" onSubmit={change(true)} aria-busy={action.busy}>
        <RoleStoreFields
          roles={roles}
          stores={stores}
          role={role}
          storeId={storeId}
          onRole={setRole}
          onStore={setStoreId}
        />
        <p className="hint">{t('users.grantHint')}</p>
        <ErrorMessage error={action.error} />
        <Notice>{action.notice}</Notice>
        <div className="row">
          <button type="submit" className="primary" disabled={action.busy}>
            {t('users.grant')}
          </button>
          <button type="button" className="secondary" disabled={action.busy} onClick={() => change(false)()}>
            {t('users.revoke')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
