/**
 * The Aadhaar vault switch in store settings: off unless the owner turns it on (the server records
 * the change and asks for the password again when the last one is old). Only the owner sees it.
 */
import { useTranslation } from 'react-i18next';
import { vaultApi } from '../api/agri-vault.api';
import { useSession } from '../auth/session';
import { ErrorMessage, Notice } from '../shell/status';
import { useAction, useLoad } from '../shell/use-load';

const load = () => vaultApi.settings();

export function AadhaarVaultSettings() {
  const { t } = useTranslation();
  const session = useSession();
  const setting = useLoad(load);
  const action = useAction();
  if (!(session.profile?.roles.includes('owner') ?? false)) return null;
  const enabled = setting.data?.vaultEnabled ?? false;
  const toggle = (on: boolean) =>
    void action.run(async () => {
      await vaultApi.setEnabled(on);
      await setting.reload();
      return on ? t('agriShop.vault.turnedOn') : t('agriShop.vault.turnedOff');
    });
  return (
    <section className="panel stack" aria-labelledby="aadhaar-vault-settings-title">
      <h2 id="aadhaar-vault-settings-title">{t('agriShop.vault.settingsTitle')}</h2>
      <p className="hint">{t('agriShop.vault.settingsIntro')}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={enabled}
          disabled={setting.data === null || action.busy}
          onChange={(e) => toggle(e.target.checked)}
        />
        {t('agriShop.vault.keep')}
      </label>
      <ErrorMessage error={action.error ?? setting.error} />
      <Notice>{action.notice}</Notice>
    </section>
  );
}
