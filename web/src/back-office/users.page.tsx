/**
 * Staff: who has access, with which roles in which store, whether they have a second factor, and
 * when they were last active. Invite (a one-time link), disable (ends their sessions at once),
 * end sessions, and grant or remove roles. Sensitive actions ask for the password again (step-up)
 * through the API client. Names are shown as text, never as markup.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type StaffMember, type Store } from '../api/admin.api';
import { useSession } from '../auth/session';
import { formatDateTime } from '../format/dates';
import { Dialog } from '../shell/dialog';
import { ErrorMessage, Notice } from '../shell/status';
import { InviteForm } from './invite-form';
import { GrantForm } from './grant-form';
import { useAction, useLoad } from '../shell/use-load';

const loadAll = async () => {
  const [users, stores, roles] = await Promise.all([
    adminApi.users(),
    adminApi.stores(),
    adminApi.roles().catch(() => ({ roles: [] })),
  ]);
  return { users: users.users, stores: stores.stores, roles: roles.roles.map((r) => r.name) };
};

export function storeName(stores: readonly Store[], storeId: string, all: string): string {
  return storeId === '*' ? all : (stores.find((s) => s.id === storeId)?.name ?? storeId.slice(0, 8));
}

function MfaStatus({ member }: { member: StaffMember }) {
  const { t } = useTranslation();
  const parts = [
    member.factors.totp ? t('users.mfaApp') : null,
    member.factors.passkeys > 0 ? t('users.mfaPasskeys', { count: member.factors.passkeys }) : null,
  ].filter((p) => p !== null);
  if (parts.length > 0) return <span className="badge good">{parts.join(', ')}</span>;
  return (
    <span className={member.mfaRequired ? 'badge bad' : 'badge'}>
      {member.mfaRequired ? t('users.mfaMissing') : t('users.mfaNone')}
    </span>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const { data, error, reload } = useLoad(loadAll);
  const action = useAction();
  const [confirming, setConfirming] = useState<StaffMember | null>(null);
  const [granting, setGranting] = useState<StaffMember | null>(null);
  const all = t('users.allStores');

  return (
    <div className="stack">
      <h1>{t('users.title')}</h1>
      <ErrorMessage error={error} />
      {data !== null && <InviteForm roles={data.roles.filter((r) => r !== 'owner')} stores={data.stores} />}
      <section aria-labelledby="staff-title" className="stack">
        <h2 id="staff-title">{t('users.staff')}</h2>
        <ErrorMessage error={action.error} />
        <Notice>{action.notice}</Notice>
        {data !== null && (
          <div className="table-wrap">
            <table data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('users.mfa')}</th>
                  <th scope="col">{t('users.lastActive')}</th>
                  <th scope="col">{t('users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((member) => (
                  <tr key={member.userId}>
                    <th scope="row" data-testid="user-name">
                      {member.displayName}
                    </th>
                    <td>{member.emailMasked}</td>
                    <td>
                      <ul className="plain">
                        {member.grants.map((g) => (
                          <li key={`${g.role}@${g.storeId}`}>
                            {t(`roles.${g.role}`, { defaultValue: g.role })} ·{' '}
                            {storeName(data.stores, g.storeId, all)}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{t(`users.state.${member.status}`)}</td>
                    <td>
                      <MfaStatus member={member} />
                    </td>
                    <td>{member.lastActiveAt === null ? '—' : formatDateTime(member.lastActiveAt)}</td>
                    <td>
                      {member.userId !== session.profile?.userId && member.status === 'active' && (
                        <div className="row">
                          <button
                            type="button"
                            className="secondary small"
                            onClick={() => setGranting(member)}
                          >
                            {t('users.changeRoles')}
                          </button>
                          <button
                            type="button"
                            className="secondary small"
                            disabled={action.busy}
                            onClick={() =>
                              void action.run(async () => {
                                const { ended } = await adminApi.endSessions(member.userId);
                                return t('users.sessionsEnded', { count: ended });
                              })
                            }
                          >
                            {t('users.endSessions')}
                          </button>
                          <button
                            type="button"
                            className="danger small"
                            onClick={() => setConfirming(member)}
                          >
                            {t('users.disable')}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {confirming !== null && (
        <Dialog title={t('users.disableTitle')} onClose={() => setConfirming(null)}>
          <p>{t('users.disableBody', { name: confirming.displayName })}</p>
          <div className="row">
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() =>
                void action
                  .run(async () => {
                    await adminApi.disableUser(confirming.userId);
                    return t('users.disabled');
                  })
                  .then(() => {
                    setConfirming(null);
                    return reload();
                  })
              }
            >
              {t('users.disable')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
      {granting !== null && data !== null && (
        <GrantForm
          member={granting}
          roles={data.roles}
          stores={data.stores}
          onClose={() => {
            setGranting(null);
            void reload();
          }}
        />
      )}
    </div>
  );
}
