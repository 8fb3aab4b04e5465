/**
 * On a privacy request's export: the Aadhaar vault's number is left out of the package unless the
 * person handling the request ticks this, with a reason (recorded in the audit trail with the
 * export). Shown only when the vault keeps a number for the customer; only those allowed to see
 * Aadhaar numbers can tick it.
 */
import { useTranslation } from 'react-i18next';
import { vaultApi } from '../api/agri-vault.api';
import { useSession } from '../auth/session';
import { useFetch } from '../shell/use-load';
import type { Reason } from './farmer-records.api';
import { ReasonFields } from './reason-fields';

const loadMasked = async (customerId: string) => {
  try {
    return (await vaultApi.view(customerId)).masked;
  } catch {
    // No vault on this installation, or the customer's data is erased: nothing to offer.
    return null;
  }
};

export function AadhaarExportOption({
  customerId,
  value,
  onChange,
}: {
  customerId: string;
  value: Reason | null;
  onChange: (reason: Reason | null) => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const masked = useFetch(customerId, () => loadMasked(customerId));
  if (masked.data === null) return null;
  const allowed = session.permissions.has('aadhaar.reveal');
  return (
    <fieldset className="stack" data-testid="export-aadhaar">
      <legend>{t('farmerRecords.aadhaarExport.title')}</legend>
      <p className="hint">{t('farmerRecords.aadhaarExport.intro', { masked: masked.data })}</p>
      {allowed ? (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={value !== null}
              onChange={(e) => onChange(e.target.checked ? { category: 'customer_request', text: '' } : null)}
            />
            {t('farmerRecords.aadhaarExport.include')}
          </label>
          {value !== null && (
            <div className="row wrap">
              <ReasonFields idPrefix="export-aadhaar" value={value} onChange={onChange} />
            </div>
          )}
        </>
      ) : (
        <p>{t('farmerRecords.aadhaarExport.notAllowed')}</p>
      )}
    </fieldset>
  );
}
