/**
 * The stores this person may sell in (GET /stores answers the ones they are assigned to). The
 * counter sells for one of them: the only one, or the one chosen (kept with the cart, in memory).
 */
import { useEffect } from 'react';
import { adminApi, type Store } from '../api/admin.api';
import { useLoad } from '../shell/use-load';
import { useCart } from './cart-context';

const loadStores = async () => (await adminApi.stores()).stores;

export function useCounterStore(): { stores: readonly Store[] | null; error: unknown } {
  const { cart, dispatch } = useCart();
  const { data, error } = useLoad(loadStores);
  const first = data?.[0];
  useEffect(() => {
    if (cart.storeId === null && first !== undefined) dispatch({ type: 'setStore', storeId: first.id });
  }, [cart.storeId, first, dispatch]);
  return { stores: data, error };
}
