import { describe, expect, it } from 'vitest';
import { cartReducer, emptyCart, regularSupply, type Cart } from './cart';
import { saleOf } from './use-quote';

const item = { id: 'v1', name: 'Shirt', barcode: '2000000000015', pricePaise: 104_900 };
const withShirt: Cart = cartReducer({ ...emptyCart, storeId: 's1' }, { type: 'add', item });

describe('the kind of sale at the counter', () => {
  it('a regular sale sends neither a supply type nor export details', () => {
    const sale = saleOf(withShirt);
    expect(sale).not.toHaveProperty('supplyType');
    expect(sale).not.toHaveProperty('export');
  });

  it('an SEZ supply sends its type only, even if export details were typed before', () => {
    const cart = cartReducer(withShirt, {
      type: 'setSupply',
      supply: {
        type: 'sez-without-payment',
        export: { ...regularSupply.export, countryCode: 'AE' },
      },
    });
    expect(saleOf(cart)).toMatchObject({ supplyType: 'sez-without-payment' });
    expect(saleOf(cart)).not.toHaveProperty('export');
  });

  it('an export sends what was given, trimmed, and always the country (so a blank one is named)', () => {
    const cart = cartReducer(withShirt, {
      type: 'setSupply',
      supply: {
        type: 'export-without-payment',
        export: {
          countryCode: ' ae ',
          portCode: 'INMUN1',
          shippingBillNumber: ' ',
          shippingBillDate: '',
          currency: 'USD',
        },
      },
    });
    expect(saleOf(cart)).toMatchObject({
      supplyType: 'export-without-payment',
      export: { countryCode: 'ae', portCode: 'INMUN1', currency: 'USD' },
    });
    expect(saleOf(cart)?.export).not.toHaveProperty('shippingBillNumber');
    const blank = cartReducer(cart, {
      type: 'setSupply',
      supply: { ...cart.supply, export: { ...regularSupply.export } },
    });
    expect(saleOf(blank)?.export).toEqual({ countryCode: '' });
  });

  it('a changed kind of sale is a new sale (its key goes); clearing the sale makes it regular', () => {
    const keyed = cartReducer(withShirt, { type: 'keySale', key: 'k-1' });
    const changed = cartReducer(keyed, {
      type: 'setSupply',
      supply: { ...regularSupply, type: 'sez-with-payment' },
    });
    expect(changed.saleKey).toBeNull();
    expect(cartReducer(changed, { type: 'clear' }).supply).toEqual(regularSupply);
  });
});
