import { describe, expect, it } from 'vitest';
import { cartReduction } from './discount.policy.js';

describe('cartReduction', () => {
  it('adds discounts and lowered prices over the bill', () => {
    const r = cartReduction(
      [
        { quantity: 2, discountPaise: 5_000 },
        { quantity: 1.5, unitPricePaise: 90_000 },
      ],
      [100_000, 100_000],
      100,
    );
    // Rs 50 off line 1, Rs 100 x 1.5 off line 2.
    expect(r).toEqual({ reductionPaise: 20_000, beyond: { index: 1, field: 'unitPricePaise' } });
  });

  it('lets a discount up to the allowance (share of the line before discount) pass', () => {
    expect(cartReduction([{ quantity: 2, discountPaise: 10_000 }], [100_000], 5).beyond).toBeNull();
    expect(cartReduction([{ quantity: 2, discountPaise: 10_001 }], [100_000], 5).beyond).toEqual({
      index: 0,
      field: 'discountPaise',
    });
    expect(cartReduction([{ quantity: 1, discountPaise: 1 }], [100_000], 0).beyond).not.toBeNull();
  });

  it('treats any changed price as beyond the allowance, a raised one without a reduction', () => {
    const r = cartReduction([{ quantity: 1, unitPricePaise: 120_000 }], [100_000], 100);
    expect(r).toEqual({ reductionPaise: 0, beyond: { index: 0, field: 'unitPricePaise' } });
    expect(cartReduction([{ quantity: 3 }], [100_000], 0)).toEqual({ reductionPaise: 0, beyond: null });
  });
});
