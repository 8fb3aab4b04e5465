/**
 * The store a screen shows: the first of the business's stores unless another is chosen, and the
 * choice itself (shown only when there is more than one store).
 */
import { useState } from 'react';
import { adminApi } from '../api/admin.api';
import { useLoad } from './use-load';

const loadStores = async () => (await adminApi.stores()).stores;

export function useStoreChoice() {
  const stores = useLoad(loadStores);
  const [chosen, setChosen] = useState<string | null>(null);
  return { stores, storeId: chosen ?? stores.data?.[0]?.id ?? null, choose: setChosen };
}

export function StoreChoice({
  id,
  label,
  choice,
}: {
  id: string;
  label: string;
  choice: ReturnType<typeof useStoreChoice>;
}) {
  const list = choice.stores.data;
  if (list === null || list.length < 2) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={choice.storeId ?? ''} onChange={(e) => choice.choose(e.target.value)}>
        {list.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
