/** The end of a settings-like form: what went wrong or what was done, and its submit button. */
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Notice } from './status';

export interface ActionState {
  busy: boolean;
  error: unknown;
  notice: string | null;
}

export function FormFooter({ action, label }: { action: ActionState; label?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorMessage error={action.error} />
      <Notice>{action.notice}</Notice>
      <button type="submit" className="primary" disabled={action.busy}>
        {label ?? t('common.save')}
      </button>
    </>
  );
}
