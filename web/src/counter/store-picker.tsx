/** The store this counter sells for, when the person may sell in more than one. */
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../shell/status';
import { useCart } from './cart-context';
import { useCounterStore } from './use-stores';

export function StorePicker() {
  const { t } = useTranslation();
  const { cart, dispatch } = useCart();
  const { stores, error } = useCounterStore();
  if (error !== null && error !== undefined) return <ErrorMessage error={error} />;
  if (stores === null || stores.length < 2) return null;
  return (
    <div className="field inline">
      <label htmlFor="counter-store">{t('counter.store')}</label>
      <select
        id="counter-store"
        value={cart.storeId ?? ''}
        disabled={cart.lines.length > 0}
        onChange={(e) => dispatch({ type: 'setStore', storeId: e.target.value })}
      >
        {stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
