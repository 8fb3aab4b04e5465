/**
 * A manager approves a discount, or a refund paid out of the till, beyond the cashier's allowance
 * at this counter: their email, password and the code from their authenticator app, checked by
 * the server like a sign-in. The cashier's session stays as it is; the approval covers this bill's
 * reduction (or this refund), once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { billingApi } from '../api/billing.api';
import { formatRupees } from '../format/money';
import { Dialog } from '../shell/dialog';
import { ErrorMessage } from '../shell/status';
import { useAction } from '../shell/use-load';
import type { CartApproval } from './cart';

export interface ApprovalDialogProps {
  storeId: string;
  reductionPaise: number;
  /**
   * The sale's change to its offers (left out, applied anyway): said so in the dialog, and the
   * approval covers exactly this change.
   */
  offers?: { skip: readonly string[]; force: readonly string[] };
  /** What the manager approves: a discount (default) or a refund paid out. */
  purpose?: 'discount' | 'refund';
  onApproved: (approval: CartApproval) => void;
  onClose: () => void;
}

export function ApprovalDialog({
  storeId,
  reductionPaise,
  offers,
  purpose = 'discount',
  onApproved,
  onClose,
}: ApprovalDialogProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const action = useAction();
  const offersChanged = offers !== undefined && offers.skip.length + offers.force.length > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const approval = await billingApi.approve({
        storeId,
        email: email.trim(),
        password,
        code: code.trim(),
        maxDiscountPaise: reductionPaise,
        ...(purpose === 'refund' ? { purpose } : {}),
        ...(offersChanged ? { offers: { skip: offers.skip, force: offers.force } } : {}),
      });
      setPassword('');
      onApproved(approval);
    });
  };
  return (
    <Dialog title={t('approval.title')} onClose={onClose}>
      <form className="stack" onSubmit={submit} aria-busy={action.busy}>
        <p>
          {t(
            purpose === 'refund'
              ? 'approval.refundBody'
              : offersChanged
                ? 'approval.bodyOffers'
                : 'approval.body',
            {
              amount: formatRupees(reductionPaise),
            },
          )}
        </p>
        <div className="field">
          <label htmlFor="approver-email">{t('approval.email')}</label>
          <input
            id="approver-email"
            type="email"
            autoComplete="off"
            autoFocus
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="approver-password">{t('approval.password')}</label>
          <input
            id="approver-password"
            type="password"
            autoComplete="off"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="approver-code">{t('approval.code')}</label>
          <input
            id="approver-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </div>
        <ErrorMessage error={action.error} />
        <div className="row">
          <button type="submit" className="primary" disabled={action.busy}>
            {t('approval.approve')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
