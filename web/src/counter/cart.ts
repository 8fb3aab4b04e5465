/**
 * The counter's cart as pure data: lines with quantity and a line discount, all in integer paise.
 * It lives in memory only (never in localStorage or IndexedDB); taxes and the invoice total are
 * the server's to compute at checkout, so this shows what the cashier keyed in.
 */

export interface CartItem {
  id: string;
  name: string;
  barcode: string;
  pricePaise: number;
}

export interface CartLine {
  itemId: string;
  code: string;
  name: string;
  unitPricePaise: number;
  quantity: number;
  discountPaise: number;
}

export interface Cart {
  lines: readonly CartLine[];
}

export type CartAction =
  | { type: 'add'; item: CartItem }
  | { type: 'setQuantity'; itemId: string; quantity: number }
  | { type: 'setDiscount'; itemId: string; discountPaise: number }
  | { type: 'remove'; itemId: string }
  | { type: 'clear' };

export const MAX_QUANTITY = 9999;

export const emptyCart: Cart = { lines: [] };

export function lineGross(line: CartLine): number {
  return line.unitPricePaise * line.quantity;
}

export function lineAmount(line: CartLine): number {
  return lineGross(line) - line.discountPaise;
}

function update(cart: Cart, itemId: string, change: (line: CartLine) => CartLine): Cart {
  return { lines: cart.lines.map((line) => (line.itemId === itemId ? change(line) : line)) };
}

/** A discount can never exceed the line or be negative; it shrinks when the quantity does. */
function clampDiscount(line: CartLine): CartLine {
  return { ...line, discountPaise: Math.min(Math.max(line.discountPaise, 0), lineGross(line)) };
}

export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'add': {
      const existing = cart.lines.find((l) => l.itemId === action.item.id);
      // Scanning the same item again adds one more of it, as on paper.
      if (existing !== undefined)
        return update(cart, existing.itemId, (l) => ({
          ...l,
          quantity: Math.min(l.quantity + 1, MAX_QUANTITY),
        }));
      const line: CartLine = {
        itemId: action.item.id,
        code: action.item.barcode,
        name: action.item.name,
        unitPricePaise: action.item.pricePaise,
        quantity: 1,
        discountPaise: 0,
      };
      return { lines: [...cart.lines, line] };
    }
    case 'setQuantity': {
      if (!Number.isInteger(action.quantity) || action.quantity < 0) return cart;
      if (action.quantity === 0) return cartReducer(cart, { type: 'remove', itemId: action.itemId });
      const quantity = Math.min(action.quantity, MAX_QUANTITY);
      return update(cart, action.itemId, (l) => clampDiscount({ ...l, quantity }));
    }
    case 'setDiscount':
      if (!Number.isInteger(action.discountPaise)) return cart;
      return update(cart, action.itemId, (l) => clampDiscount({ ...l, discountPaise: action.discountPaise }));
    case 'remove':
      return { lines: cart.lines.filter((l) => l.itemId !== action.itemId) };
    case 'clear':
      return emptyCart;
  }
}

export interface CartTotals {
  /** Number of pieces. */
  quantity: number;
  grossPaise: number;
  discountPaise: number;
  netPaise: number;
}

export function cartTotals(cart: Cart): CartTotals {
  let quantity = 0;
  let grossPaise = 0;
  let discountPaise = 0;
  for (const line of cart.lines) {
    quantity += line.quantity;
    grossPaise += lineGross(line);
    discountPaise += line.discountPaise;
  }
  return { quantity, grossPaise, discountPaise, netPaise: grossPaise - discountPaise };
}
