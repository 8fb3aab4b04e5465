/**
 * The counter's sale as pure data: lines with quantity and a line discount (integer paise), the
 * customer (as the server showed them: masked), a manager's approval, and the sale's idempotency
 * key. It lives in memory, and sealed in the counter's vault (encrypted under the counter key) so a
 * reload does not lose it (never in clear in localStorage or IndexedDB); taxes and the invoice total
 * are the server's to compute (the quote), so the lines show what the cashier keyed in.
 */
import type { CustomerView } from '../api/customers.api';
import type { SupplyType } from '../api/billing.api';

/** A manager's approval of this sale's discounts (POST /discount-approvals). */
export interface CartApproval {
  approvalId: string;
  maxDiscountPaise: number;
  expiresAt: string;
}

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
  /** The batch the cashier chose (agri inputs; absent: earliest expiry first). */
  batchId?: string;
}

/** What the sale asks of offers: coupons given, offers left out, offers a manager applies anyway. */
export interface CartOffers {
  couponCodes: readonly string[];
  skip: readonly string[];
  force: readonly string[];
}

export const noOffers: CartOffers = { couponCodes: [], skip: [], force: [] };

/** What is known of an export when it is billed (empty text: not given). */
export interface ExportDraft {
  countryCode: string;
  portCode: string;
  shippingBillNumber: string;
  shippingBillDate: string;
  currency: string;
}

/** How the sale is supplied (issue 18): regular, or an export or SEZ supply with its details. */
export interface CartSupply {
  type: SupplyType;
  export: ExportDraft;
}

export const regularSupply: CartSupply = {
  type: 'regular',
  export: { countryCode: '', portCode: '', shippingBillNumber: '', shippingBillDate: '', currency: '' },
};

/** Subsidised fertiliser (issue 17): the government PoS slip's transaction reference and bags, as typed. */
export interface CartSubsidy {
  posReference: string;
  bags: string;
}

export const noSubsidy: CartSubsidy = { posReference: '', bags: '' };

export interface Cart {
  /** The store the counter sells for (null until known). */
  storeId: string | null;
  lines: readonly CartLine[];
  customer: CustomerView | null;
  approval: CartApproval | null;
  /** Coupons and the cashier's or manager's choices about offers (issue 15). */
  offers: CartOffers;
  /** Regular, or an export or SEZ supply (chosen in the counter's "Export or SEZ sale" panel). */
  supply: CartSupply;
  /** The PoS slip of subsidised fertiliser in the cart (asked for by the counter's agri panel). */
  subsidy: CartSubsidy;
  /**
   * The checkout's idempotency key: made when the sale is first sent and kept for every retry of
   * it, so a repeated click or a lost answer never bills twice; a change to what is sold drops it.
   */
  saleKey: string | null;
}

export type CartAction =
  | { type: 'add'; item: CartItem }
  | { type: 'setQuantity'; itemId: string; quantity: number }
  | { type: 'setDiscount'; itemId: string; discountPaise: number }
  | { type: 'remove'; itemId: string }
  | { type: 'setBatch'; itemId: string; batchId: string | null }
  | { type: 'setStore'; storeId: string }
  | { type: 'setCustomer'; customer: CustomerView | null }
  | { type: 'setApproval'; approval: CartApproval | null }
  | { type: 'keySale'; key: string }
  | { type: 'addCoupon'; code: string }
  | { type: 'removeCoupon'; code: string }
  | { type: 'skipOffer'; offerId: string; skip: boolean }
  | { type: 'forceOffer'; offerId: string }
  | { type: 'setSupply'; supply: CartSupply }
  | { type: 'setSubsidy'; subsidy: CartSubsidy }
  | { type: 'restore'; cart: Cart }
  | { type: 'clear' };

export const MAX_QUANTITY = 9999;

export const emptyCart: Cart = {
  storeId: null,
  lines: [],
  customer: null,
  approval: null,
  offers: noOffers,
  supply: regularSupply,
  subsidy: noSubsidy,
  saleKey: null,
};

/** A change to the offers makes a different sale too. */
function withOffers(cart: Cart, offers: CartOffers): Cart {
  return { ...cart, offers, saleKey: null };
}

/** Leaving out or applying an offer anyway: a manager approves the offers as they then stand. */
function withOverride(cart: Cart, offers: CartOffers): Cart {
  return { ...withOffers(cart, offers), approval: null };
}

/** At most 5 coupons a sale (as the server allows), each once, in capitals as the server keeps them. */
export const MAX_COUPONS = 5;

export function lineGross(line: CartLine): number {
  return line.unitPricePaise * line.quantity;
}

export function lineAmount(line: CartLine): number {
  return lineGross(line) - line.discountPaise;
}

/** New lines make a different sale: its key goes (the next send makes a new one). */
function withLines(cart: Cart, lines: readonly CartLine[]): Cart {
  return { ...cart, lines, saleKey: null };
}

function update(cart: Cart, itemId: string, change: (line: CartLine) => CartLine): Cart {
  return withLines(
    cart,
    cart.lines.map((line) => (line.itemId === itemId ? change(line) : line)),
  );
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
      return withLines(cart, [...cart.lines, line]);
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
    case 'setBatch':
      return update(cart, action.itemId, ({ batchId: _, ...l }) =>
        action.batchId === null ? l : { ...l, batchId: action.batchId },
      );
    case 'remove':
      return withLines(
        cart,
        cart.lines.filter((l) => l.itemId !== action.itemId),
      );
    case 'setStore':
      return cart.storeId === action.storeId
        ? cart
        : { ...cart, storeId: action.storeId, approval: null, saleKey: null };
    case 'setCustomer':
      return { ...cart, customer: action.customer, saleKey: null };
    case 'setApproval':
      return { ...cart, approval: action.approval, saleKey: null };
    case 'keySale':
      return cart.saleKey === null ? { ...cart, saleKey: action.key } : cart;
    case 'addCoupon': {
      const code = action.code.trim().toUpperCase();
      const codes = cart.offers.couponCodes;
      if (code === '' || codes.includes(code) || codes.length >= MAX_COUPONS) return cart;
      return withOffers(cart, { ...cart.offers, couponCodes: [...codes, code] });
    }
    case 'removeCoupon':
      return withOffers(cart, {
        ...cart.offers,
        couponCodes: cart.offers.couponCodes.filter((c) => c !== action.code),
      });
    case 'skipOffer': {
      const rest = cart.offers.skip.filter((id) => id !== action.offerId);
      return withOverride(cart, { ...cart.offers, skip: action.skip ? [...rest, action.offerId] : rest });
    }
    case 'forceOffer':
      return cart.offers.force.includes(action.offerId)
        ? cart
        : withOverride(cart, {
            ...cart.offers,
            skip: cart.offers.skip.filter((id) => id !== action.offerId),
            force: [...cart.offers.force, action.offerId],
          });
    case 'setSupply':
      return { ...cart, supply: action.supply, saleKey: null };
    case 'setSubsidy':
      return { ...cart, subsidy: action.subsidy, saleKey: null };
    case 'restore':
      // The cart kept (sealed) before a reload: taken only while nothing was scanned since.
      return cart.lines.length === 0 && cart.customer === null ? { ...action.cart, approval: null } : cart;
    case 'clear':
      // The counter stays in its store for the next sale.
      return { ...emptyCart, storeId: cart.storeId };
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
