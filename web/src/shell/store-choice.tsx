/**
 * The store a screen shows: the first of the business's stores unless another is chosen, and the
 * choice itself (shown only when there is more than one store).
 */
import { useState } from 'react';
import { adminApi } from '../api/admin.api';
import { StoreSelect } from './store-select';
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
    <StoreSelect id={id} label={label} stores={list} value={choice.storeId ?? ''} onChange={choice.choose} />
  );
}
