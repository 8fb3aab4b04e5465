/**
 * The public page a bill's QR code opens (no account): it asks the installation whether the
 * signature on the bill is that document's and tells the reader "valid", "cancelled" or "does
 * not match", with the facts the bill itself prints that name no person (shop, GSTIN, number,
 * date, total).
 */
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { gstApi, type BillVerification } from '../api/gst.api';
import { AuthFrame } from '../auth/auth-frame';
import { formatDateOnly } from '../format/dates';
import { formatRupees } from '../format/money';
import { ErrorMessage, Loading } from '../shell/status';
import { useFetch } from '../shell/use-load';

function Facts({ document }: { document: NonNullable<BillVerification['document']> }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t('verifyBill.shop')}</dt>
      <dd>{document.supplierName}</dd>
      <dt>GSTIN</dt>
      <dd>{document.supplierGstin}</dd>
      <dt>{t(`verifyBill.number.${document.type}`)}</dt>
      <dd>{document.number}</dd>
      <dt>{t('verifyBill.date')}</dt>
      <dd>{formatDateOnly(document.date)}</dd>
      <dt>{t('verifyBill.total')}</dt>
      <dd>{formatRupees(document.totalPaise)}</dd>
    </dl>
  );
}

export function VerifyBillPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const ref = { t: params.get('t') ?? '', d: params.get('d') ?? '', s: params.get('s') ?? '' };
  const complete = ref.t !== '' && ref.d !== '' && ref.s !== '';
  const loaded = useFetch(`${ref.t}|${ref.d}|${ref.s}`, () =>
    complete ? gstApi.verifyBill(ref) : Promise.resolve<BillVerification>({ result: 'mismatch' }),
  );
  const result = loaded.data?.result;
  return (
    <AuthFrame>
      <h1>{t('verifyBill.title')}</h1>
      {loaded.data === null && loaded.error === null && <Loading />}
      <ErrorMessage error={loaded.error} />
      {result !== undefined && (
        <div className="stack">
          <p
            className={result === 'valid' ? 'message message-ok' : 'message message-error'}
            role="status"
            data-testid="verification-result"
          >
            <strong>{t(`verifyBill.result.${result}`)}</strong>
          </p>
          <p>{t(`verifyBill.explain.${result}`)}</p>
          {loaded.data?.document !== undefined && <Facts document={loaded.data.document} />}
        </div>
      )}
    </AuthFrame>
  );
}
