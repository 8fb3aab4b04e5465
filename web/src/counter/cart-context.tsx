/**
 * The cart held above the routes, so it survives moving between screens and signing in again
 * after a session ends. It is also kept sealed in the counter's vault (encrypted under the
 * counter key, issue 21), so a reload, even without the server, finds it again; signing out
 * destroys the key and the sealed cart with it.
 */
import {
  createContext,
  useContext,
  useEffect,
  useReducer,
  useRef,
  type Dispatch,
  type ReactNode,
} from 'react';
import { keepCart, keptCart } from '../offline/offline-counter';
import { cartReducer, emptyCart, type Cart, type CartAction } from './cart';

const CartContext = createContext<{ cart: Cart; dispatch: Dispatch<CartAction> } | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const [cart, dispatch] = useReducer(cartReducer, emptyCart);
  const restored = useRef(false);
  useEffect(() => {
    void keptCart().then((kept) => {
      if (kept !== undefined) dispatch({ type: 'restore', cart: kept });
      restored.current = true;
    });
  }, []);
  useEffect(() => {
    // Sealed at every change (a reload right after a scan still finds the line).
    if (restored.current) void keepCart(cart).catch(() => undefined);
  }, [cart]);
  return <CartContext.Provider value={{ cart, dispatch }}>{children}</CartContext.Provider>;
}

export function useCart() {
  const value = useContext(CartContext);
  if (value === null) throw new Error('useCart outside CartProvider');
  return value;
}
