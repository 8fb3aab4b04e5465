/** A labelled choice of one of the shop's stores, by name. */
import type { Store } from '../api/admin.api';

export function StoreSelect({
  id,
  label,
  stores,
  value,
  onChange,
}: {
  id: string;
  label: string;
  stores: readonly Pick<Store, 'id' | 'name'>[];
  value: string;
  onChange: (storeId: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
