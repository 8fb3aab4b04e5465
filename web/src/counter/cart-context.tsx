/**
 * The cart held above the routes, so it survives moving between screens and signing in again
 * after a session ends; it lives in memory only and goes with a sign-out (which reloads the page).
 */
import { createContext, useContext, useReducer, type Dispatch, type ReactNode } from 'react';
import { cartReducer, emptyCart, type Cart, type CartAction } from './cart';

const CartContext = createContext<{ cart: Cart; dispatch: Dispatch<CartAction> } | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const [cart, dispatch] = useReducer(cartReducer, emptyCart);
  return <CartContext.Provider value={{ cart, dispatch }}>{children}</CartContext.Provider>;
}

export function useCart() {
  const value = useContext(CartContext);
  if (value === null) throw new Error('useCart outside CartProvider');
  return value;
}
