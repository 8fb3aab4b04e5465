/**
/**
 * Said when a cart's discount (or a refund paid out) is beyond the cashier's allowance, or its
 * offers were changed (one left out or applied anyway), with the way to a manager.
 */
import { useTranslation } from 'react-i18next';

export function ApprovalNotice({
  onAsk,
  offers = false,
  message,
}: {
  onAsk: () => void;
  offers?: boolean;
  message?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="notice-box" role="status">
      <p>{message ?? t(offers ? 'approval.neededOffers' : 'approval.needed')}</p>
      <button type="button" className="secondary" onClick={onAsk}>
        {t('approval.ask')}
      </button>
    </div>
  );
}
