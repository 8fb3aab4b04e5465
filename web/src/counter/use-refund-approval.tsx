/**
 * Money paid back out of the till (cash, UPI, card; not store credit) beyond the cashier's refund
 * allowance needs a manager's refund approval at the counter, as a discount does: the notice with
 * "Ask a manager", the same approval dialog, and the approval to send with the refund. The
 * allowance comes from the server's credit-note quote (null: this person may pay out any amount);
 * the server checks again, and an approval it refuses (run out, used) is dropped so the counter
 * asks again.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentInput } from '../api/billing.api';
import { ApprovalDialog } from './approval-dialog';
import { ApprovalNotice } from './approval-notice';
import type { CartApproval } from './cart';

/** What a refund pays out of the till. */
export const paidOut = (refunds: readonly PaymentInput[]) =>
  refunds.filter((r) => r.method !== 'credit').reduce((sum, r) => sum + r.amountPaise, 0);

export function useRefundApproval(
  storeId: string,
  paidOutPaise: number,
  allowancePaise: number | null | undefined,
): {
  /** An approval is needed and not yet given. */
  needed: boolean;
  /** The approval to send, once given. */
  approvalId: string | undefined;
  /** The notice and, when asked, the dialog. */
  view: ReactNode;
  /** The server refused the approval: ask again. */
  drop: () => void;
} {
  const { t } = useTranslation();
  const [approval, setApproval] = useState<CartApproval | null>(null);
  const [asking, setAsking] = useState(false);
  const beyond = allowancePaise !== null && allowancePaise !== undefined && paidOutPaise > allowancePaise;
  const covered = approval !== null && approval.maxDiscountPaise >= paidOutPaise;
  const needed = beyond && !covered;
  const view = beyond ? (
    <>
      {needed ? (
        <ApprovalNotice message={t('approval.refundNeeded')} onAsk={() => setAsking(true)} />
      ) : (
        <p className="badge good">{t('approval.refundGranted')}</p>
      )}
      {asking && (
        <ApprovalDialog
          storeId={storeId}
          reductionPaise={paidOutPaise}
          purpose="refund"
          onApproved={(given) => {
            setApproval(given);
            setAsking(false);
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  ) : null;
  return {
    needed,
    approvalId: beyond && covered ? approval.approvalId : undefined,
    view,
    drop: () => setApproval(null),
  };
}
