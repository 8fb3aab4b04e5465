/**
 * Inviting someone: their email, a role and a store (or all stores) give a one-time link valid
 * for 72 hours that only that email can redeem. The token travels in the link's fragment; the
 * link is shown once, to hand over in person. The server checks the email too; its refusal shows
 * under the field in the person's language.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type Store } from '../api/admin.api';
import { formatDateTime } from '../format/dates';
import { FieldError, messageFor, namesAField } from '../first-run/field-error';
import { ErrorMessage } from '../shell/status';
import { RoleStoreFields } from './role-store-fields';
import { useAction } from '../shell/use-load';

export function InviteForm({ roles, stores }: { roles: readonly string[]; stores: readonly Store[] }) {
  const { t } = useTranslation();
  const [role, setRole] = useState(roles.includes('cashier') ? 'cashier' : (roles[0] ?? ''));
  const [storeId, setStoreId] = useState(stores[0]?.id ?? '*');
  const [email, setEmail] = useState('');
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLink(null);
    void action.run(async () => {
      const invite = await adminApi.invite(role, storeId, email.trim());
      setLink({
        url: `${window.location.origin}/accept-invite#token=${invite.token}`,
        expiresAt: invite.expiresAt,
      });
    });
  };

  return (
    <section aria-labelledby="invite-title" className="panel stack">
      <h2 id="invite-title">{t('users.inviteTitle')}</h2>
      <form className="row wrap" onSubmit={submit} aria-busy={action.busy} aria-labelledby="invite-title">
        <div className="field">
          <label htmlFor="invite-email">{t('users.inviteEmail')}</label>
          <input
            id="invite-email"
            type="email"
            required
            maxLength={254}
            autoComplete="off"
            value={email}
            aria-invalid={messageFor(action.error, 'email') !== null}
            aria-describedby={
              messageFor(action.error, 'email') === null
                ? 'invite-email-hint'
                : 'invite-email-hint invite-email-error'
            }
            onChange={(e) => setEmail(e.target.value)}
          />
          <p id="invite-email-hint" className="hint">
            {t('users.inviteEmailHint')}
          </p>
          <FieldError
            id="invite-email-error"
            label={t('users.inviteEmail')}
            message={messageFor(action.error, 'email')}
          />
        </div>
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
      {namesAField(action.error, ['email']) ? null : <ErrorMessage error={action.error} />}
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
