/**
 * Inviting someone: a role and a store (or all stores) give a one-time link valid for 72 hours.
 * The token travels in the link's fragment; the link is shown once, to hand over in person.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type Store } from '../api/admin.api';
import { formatDateTime } from '../format/dates';
import { ErrorMessage } from '../shell/status';
import { RoleStoreFields } from './role-store-fields';
import { useAction } from '../shell/use-load';

export function InviteForm({ roles, stores }: { roles: readonly string[]; stores: readonly Store[] }) {
  const { t } = useTranslation();
  const [role, setRole] = useState(roles.includes('cashier') ? 'cashier' : (roles[0] ?? ''));
  const [storeId, setStoreId] = useState(stores[0]?.id ?? '*');
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLink(null);
    void action.run(async () => {
      const invite = await adminApi.invite(role, storeId);
      setLink({
        url: `${window.location.origin}/accept-invite#token=${invite.token}`,
        expiresAt: invite.expiresAt,
      });
    });
  };

  return (
    <section aria-labelledby="invite-title" className="panel stack">
      <h2 id="invite-title">{t('users.inviteTitle')}</h2>
      <form className="row wrap" onSubmit={submit} aria-busy={action.busy}>
        <RoleStoreFields
          roles={roles}
          stores={stores}
          role={role}
          storeId={storeId}
          onRole={setRole}
          onStore={setStoreId}
        />
        <button type="submit" className="primary" disabled={action.busy || role === ''}>
          {t('users.createInvite')}
        </button>
      </form>
      <ErrorMessage error={action.error} />
      {link !== null && (
        <div className="stack" role="status">
          <label htmlFor="invite-link">
            {t('users.inviteLink', { when: formatDateTime(link.expiresAt) })}
          </label>
          <input
            id="invite-link"
            readOnly
            value={link.url}
            onFocus={(e) => e.target.select()}
            data-testid="invite-link"
          />
          <button
            type="button"
            className="secondary"
            onClick={() => void navigator.clipboard.writeText(link.url)}
          >
            {t('common.copy')}
          </button>
        </div>
      )}
    </section>
  );
}
