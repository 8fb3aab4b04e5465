/**
 * The counter's "Export or SEZ sale" panel (issue 18): the kind of sale in words (a regular sale,
 * a supply to an SEZ unit or an export, with IGST or without tax under the store's LUT) and, for
 * an export, what is known of it (country, port, shipping bill, currency). The choice goes into
 * the quote, so the totals on screen are what the bill will carry; it is cleared with the sale.
 */
import type { Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupplyType } from '../api/billing.api';
import { DateInput } from '../shell/date-input';
import type { CartAction, CartSupply, ExportDraft } from './cart';

const TYPES: readonly SupplyType[] = [
  'regular',
  'sez-with-payment',
  'sez-without-payment',
  'export-with-payment',
  'export-without-payment',
];

export function SupplyPanel({
  supply,
  hasRegisteredCustomer,
  dispatch,
}: {
  supply: CartSupply;
  hasRegisteredCustomer: boolean;
  dispatch: Dispatch<CartAction>;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<CartSupply>) =>
    dispatch({ type: 'setSupply', supply: { ...supply, ...patch } });
  const setExport = (patch: Partial<ExportDraft>) => set({ export: { ...supply.export, ...patch } });
  const isExport = supply.type.startsWith('export');
  const isSez = supply.type.startsWith('sez');
  const text = (key: Exclude<keyof ExportDraft, 'shippingBillDate'>, label: string, maxLength: number) => (
    <div className="field">
      <label htmlFor={`supply-${key}`}>{label}</label>
      <input
        id={`supply-${key}`}
        autoComplete="off"
        maxLength={maxLength}
        value={supply.export[key]}
        onChange={(e) => setExport({ [key]: e.target.value })}
      />
    </div>
  );
  return (
    <details className="panel" open={supply.type !== 'regular'} data-testid="supply-panel">
      <summary>
        {t('supply.title')}
        {supply.type !== 'regular' && `: ${t(`supply.types.${supply.type}`)}`}
      </summary>
      <fieldset className="stack">
        <legend>{t('supply.type')}</legend>
        {TYPES.map((type) => (
          <label key={type} className="check">
            <input
              type="radio"
              name="supply-type"
              value={type}
              checked={supply.type === type}
              onChange={() => set({ type })}
            />
            {t(`supply.types.${type}`)}
          </label>
        ))}
      </fieldset>
      {isSez && !hasRegisteredCustomer && <p className="hint">{t('supply.sezHint')}</p>}
      {supply.type.endsWith('without-payment') && <p className="hint">{t('supply.lutHint')}</p>}
      {isExport && (
        <fieldset className="stack">
          <legend>{t('supply.exportDetails')}</legend>
          {text('countryCode', t('supply.country'), 2)}
          {text('portCode', t('supply.port'), 6)}
          {text('shippingBillNumber', t('supply.shippingBill'), 7)}
          <div className="field">
            <label htmlFor="supply-shippingBillDate">{t('supply.shippingBillDate')}</label>
            <DateInput
              id="supply-shippingBillDate"
              value={supply.export.shippingBillDate}
              onValue={(iso) => setExport({ shippingBillDate: iso })}
            />
          </div>
          {text('currency', t('supply.currency'), 3)}
          <p className="hint">{t('supply.exportHint')}</p>
        </fieldset>
      )}
    </details>
  );
}
