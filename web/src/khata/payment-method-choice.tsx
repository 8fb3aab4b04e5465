/**
 * How a khata payment is made (cash or UPI), as radio buttons: the khata page and the khata card
 * at the counter ask the same way.
 */
import { useTranslation } from 'react-i18next';

export const khataMethods = ['cash', 'upi'] as const;
export type KhataMethod = (typeof khataMethods)[number];

export function PaymentMethodChoice({
  name,
  value,
  onChange,
}: {
  /** The radio group's name, unique on the page. */
  name: string;
  value: KhataMethod;
  onChange: (method: KhataMethod) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="row">
      <legend>{t('khata.method')}</legend>
      {khataMethods.map((m) => (
        <label key={m} className="check">
          <input type="radio" name={name} checked={value === m} onChange={() => onChange(m)} />
          {t(`khata.methods.${m}`)}
        </label>
      ))}
    </fieldset>
  );
}
