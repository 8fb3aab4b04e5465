import { describe, expect, it } from 'vitest';
import { cartReducer, cartTotals, emptyCart, MAX_QUANTITY, type Cart, type CartItem } from './cart';

const shirt: CartItem = { id: 'i1', name: 'Cotton shirt', barcode: '8901000000011', pricePaise: 79_900 };
const socks: CartItem = { id: 'i2', name: 'Socks', barcode: '8901000000028', pricePaise: 14_950 };

const run = (...actions: Parameters<typeof cartReducer>[1][]): Cart => actions.reduce(cartReducer, emptyCart);

describe('cart', () => {
  it('adds a scanned item, and a second scan of it adds one more', () => {
    const cart = run(
      { type: 'add', item: shirt },
      { type: 'add', item: socks },
      { type: 'add', item: shirt },
    );
    expect(cart.lines.map((l) => [l.name, l.quantity])).toEqual([
      ['Cotton shirt', 2],
      ['Socks', 1],
    ]);
    expect(cartTotals(cart)).toEqual({
      quantity: 3,
      grossPaise: 174_750,
      discountPaise: 0,
      netPaise: 174_750,
    });
  });

  it('keeps a discount within the line, also when the quantity drops', () => {
    let cart = run({ type: 'add', item: shirt }, { type: 'setQuantity', itemId: 'i1', quantity: 3 });
    cart = cartReducer(cart, { type: 'setDiscount', itemId: 'i1', discountPaise: 200_000 });
    expect(cart.lines[0]?.discountPaise).toBe(200_000);
    cart = cartReducer(cart, { type: 'setQuantity', itemId: 'i1', quantity: 2 });
    expect(cart.lines[0]?.discountPaise).toBe(159_800);
    expect(cartTotals(cart).netPaise).toBe(0);
    cart = cartReducer(cart, { type: 'setDiscount', itemId: 'i1', discountPaise: -5 });
    expect(cart.lines[0]?.discountPaise).toBe(0);
  });

  it('ignores fractional or negative input and removes a line set to zero', () => {
    let cart = run({ type: 'add', item: socks });
    expect(cartReducer(cart, { type: 'setQuantity', itemId: 'i2', quantity: 1.5 })).toBe(cart);
    expect(cartReducer(cart, { type: 'setQuantity', itemId: 'i2', quantity: -1 })).toBe(cart);
    expect(cartReducer(cart, { type: 'setDiscount', itemId: 'i2', discountPaise: 0.5 })).toBe(cart);
    cart = cartReducer(cart, { type: 'setQuantity', itemId: 'i2', quantity: 0 });
    expect(cart.lines).toEqual([]);
  });

  it('caps the quantity and clears', () => {
    const cart = run(
      { type: 'add', item: socks },
      { type: 'setQuantity', itemId: 'i2', quantity: 1_000_000 },
    );
    expect(cart.lines[0]?.quantity).toBe(MAX_QUANTITY);
    expect(cartReducer(cart, { type: 'clear' })).toEqual(emptyCart);
  });
});

describe('the sale key (idempotency)', () => {
  it('is made once and kept for retries; a change to what is sold drops it', () => {
    let cart = run({ type: 'setStore', storeId: 's1' }, { type: 'add', item: shirt });
    cart = cartReducer(cart, { type: 'keySale', key: 'key-1' });
    // A retry asks for a key again and gets the same one.
    expect(cartReducer(cart, { type: 'keySale', key: 'key-2' }).saleKey).toBe('key-1');
    for (const change of [
      { type: 'add', item: socks },
      { type: 'setQuantity', itemId: 'i1', quantity: 2 },
      { type: 'setDiscount', itemId: 'i1', discountPaise: 100 },
      { type: 'remove', itemId: 'i1' },
      { type: 'setCustomer', customer: null },
      { type: 'setApproval', approval: { approvalId: 'a1', maxDiscountPaise: 100, expiresAt: '' } },
      { type: 'setStore', storeId: 's2' },
    ] as const)
      expect(cartReducer(cart, change).saleKey, change.type).toBeNull();
  });

  it('a finished sale clears everything but the store the counter sells for', () => {
    const cart = run(
      { type: 'setStore', storeId: 's1' },
      { type: 'add', item: shirt },
      { type: 'keySale', key: 'key-1' },
      { type: 'clear' },
    );
    expect(cart).toEqual({ ...emptyCart, storeId: 's1' });
  });
});

describe('offers of the sale: coupons, offers left out, a manager applying one anyway', () => {
  it('keeps each coupon once, in capitals, at most five, and drops the sale key on every change', () => {
    let cart = run({ type: 'setStore', storeId: 's1' }, { type: 'add', item: shirt });
    cart = cartReducer(cart, { type: 'keySale', key: 'key-1' });
    const given = cartReducer(cart, { type: 'addCoupon', code: ' diwali10 ' });
    expect(given.offers.couponCodes).toEqual(['DIWALI10']);
    expect(given.saleKey).toBeNull();
    // The same code again (any case) or an empty one changes nothing.
    expect(cartReducer(given, { type: 'addCoupon', code: 'Diwali10' })).toBe(given);
    expect(cartReducer(given, { type: 'addCoupon', code: '   ' })).toBe(given);
    let many = given;
    for (const code of ['A11', 'B22', 'C33', 'D44', 'E55', 'F66'])
      many = cartReducer(many, { type: 'addCoupon', code });
    expect(many.offers.couponCodes).toEqual(['DIWALI10', 'A11', 'B22', 'C33', 'D44']);
    expect(cartReducer(many, { type: 'removeCoupon', code: 'B22' }).offers.couponCodes).toEqual([
      'DIWALI10',
      'A11',
      'C33',
      'D44',
    ]);
  });

  it('leaves an offer out and puts it back; a forced offer is no longer left out and is asked once', () => {
    let cart = run({ type: 'add', item: shirt }, { type: 'skipOffer', offerId: 'o1', skip: true });
    expect(cart.offers.skip).toEqual(['o1']);
    cart = cartReducer(cart, { type: 'skipOffer', offerId: 'o1', skip: true });
    expect(cart.offers.skip).toEqual(['o1']);
    expect(cartReducer(cart, { type: 'skipOffer', offerId: 'o1', skip: false }).offers.skip).toEqual([]);
    cart = cartReducer(cart, { type: 'forceOffer', offerId: 'o1' });
    expect(cart.offers).toEqual({ couponCodes: [], skip: [], force: ['o1'] });
    expect(cartReducer(cart, { type: 'forceOffer', offerId: 'o1' })).toBe(cart);
    // The next sale starts without any of it.
    expect(cartReducer(cart, { type: 'clear' }).offers).toEqual({ couponCodes: [], skip: [], force: [] });
  });

  it("a manager's approval covers the offers as they stood: leaving one out or applying one drops it", () => {
    const approval = { approvalId: 'a1', maxDiscountPaise: 0, expiresAt: '2026-12-07T06:00:00.000Z' };
    let cart = run({ type: 'add', item: shirt }, { type: 'setApproval', approval });
    expect(cartReducer(cart, { type: 'skipOffer', offerId: 'o1', skip: true }).approval).toBeNull();
    expect(cartReducer(cart, { type: 'forceOffer', offerId: 'o2' }).approval).toBeNull();
    // A coupon is not an override: the approval stays.
    cart = cartReducer(cart, { type: 'addCoupon', code: 'fest10' });
    expect(cart.approval).toEqual(approval);
  });
});
