/**
 * Roles: the built-in ones and the shop's own, each a set of permissions, and a form to make a
 * custom role (only from permissions the maker holds; the server checks that too).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../api/admin.api';
import { useSession } from '../auth/session';
import { FormFooter } from '../shell/form-footer';
import { ErrorMessage } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

export default function RolesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const { data, error, reload } = useLoad(adminApi.roles);
  const action = useAction();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const grantable = [...session.permissions].sort();
  /** A permission in words; one the app has no words for yet is named by its area. */
  const permissionName = (p: string) =>
    t(`permissionNames.${p.replace(/\./g, '_')}`, { defaultValue: t('roles.otherPermission') });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await adminApi.createRole(name, [...chosen]);
        setName('');
        setChosen(new Set());
        return t('roles.created');
      })
      .then(reload);
  };

  return (
    <div className="stack">
      <h1>{t('roles.title')}</h1>
      <ErrorMessage error={error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('roles.name')}</th>
              <th scope="col">{t('roles.kind')}</th>
              <th scope="col">{t('roles.permissions')}</th>
            </tr>
          </thead>
          <tbody>
            {data?.roles.map((role) => (
              <tr key={role.id}>
                <th scope="row">{t(`roles.${role.name}`, { defaultValue: role.name })}</th>
                <td>{role.builtin ? t('roles.builtin') : t('roles.custom')}</td>
                <td>
                  <ul className="perm-list">
                    {[...role.permissions].sort().map((p) => (
                      <li key={p}>{permissionName(p)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="panel stack" aria-labelledby="new-role-title">
        <h2 id="new-role-title">{t('roles.newRole')}</h2>
        <form className="stack" onSubmit={submit} aria-busy={action.busy}>
          <div className="field">
            <label htmlFor="role-name">{t('roles.name')}</label>
            <input
              id="role-name"
              required
              pattern="[a-z][a-z0-9_\-]{1,39}"
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-describedby="role-name-hint"
            />
            <p id="role-name-hint" className="hint">
              {t('roles.nameHint')}
            </p>
          </div>
          <fieldset>
            <legend>{t('roles.permissions')}</legend>
            <div className="checks">
              {grantable.map((p) => (
                <label key={p} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(p)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(p);
                      else next.delete(p);
                      setChosen(next);
                    }}
                  />
                  {permissionName(p)}
                </label>
              ))}
            </div>
          </fieldset>
          <FormFooter action={action} label={t('roles.create')} />
        </form>
      </section>
    </div>
  );
}
