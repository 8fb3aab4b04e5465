/**
 * Said when a cart's discount (or a refund paid out) is beyond the cashier's allowance, with the
 * way to a manager.
 */
import { useTranslation } from 'react-i18next';

export function ApprovalNotice({ onAsk, message }: { onAsk: () => void; message?: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice-box" role="status">
      <p>{message ?? t('approval.needed')}</p>
      <button type="button" className="secondary" onClick={onAsk}>
        {t('approval.ask')}
      </button>
    </div>
  );
}
