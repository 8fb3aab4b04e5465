import { describe, expect, it } from 'vitest';
import { emptyTender, paymentsOf, restFor, summarize } from './tender';

describe('tender', () => {
  it('splits a bill between UPI and cash, with change from the cash', () => {
    const t = { ...emptyTender, upiPaise: 100_000, upiReference: 'UTR123456', cashPaise: 150_000 };
    expect(summarize(209_900, t, null)).toEqual({
      paidPaise: 250_000,
      remainingPaise: 0,
      changePaise: 40_100,
      problem: null,
    });
    expect(paymentsOf(t)).toEqual([
      { method: 'upi', amountPaise: 100_000, reference: 'UTR123456' },
      { method: 'cash', amountPaise: 150_000 },
    ]);
  });

  it('says what is missing: the rest of the bill, a reference, the card digits', () => {
    expect(summarize(10_000, { ...emptyTender, cashPaise: 5_000 }, null)).toMatchObject({
      remainingPaise: 5_000,
      problem: 'short',
    });
    expect(summarize(10_000, { ...emptyTender, upiPaise: 10_000 }, null).problem).toBe('upi-reference');
    expect(
      summarize(10_000, { ...emptyTender, cardPaise: 10_000, cardLast4: '12', cardReference: 'AUTH99' }, null)
        .problem,
    ).toBe('card-last4');
  });

  it('gives change only from cash, and keeps credit within what is available', () => {
    expect(
      summarize(10_000, { ...emptyTender, upiPaise: 12_000, upiReference: 'UTR0001' }, null).problem,
    ).toBe('non-cash-exceeds');
    expect(summarize(10_000, { ...emptyTender, creditPaise: 10_000 }, null).problem).toBe('credit-limit');
    expect(summarize(10_000, { ...emptyTender, creditPaise: 10_000 }, 9_999).problem).toBe('credit-limit');
    expect(summarize(10_000, { ...emptyTender, creditPaise: 10_000 }, 10_000).problem).toBeNull();
  });

  it('works out the rest for one method', () => {
    const t = { ...emptyTender, upiPaise: 3_000, cashPaise: 2_000 };
    expect(restFor(10_000, t, 'cashPaise')).toBe(7_000);
    expect(restFor(10_000, t, 'cardPaise')).toBe(5_000);
  });
});
