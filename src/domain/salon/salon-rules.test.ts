import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOf, istRange, overlaps, weekStart } from './calendar.js';
import { bpOf, computeCommissions, ruleFor, type CommissionRule } from './commission.js';
import { addDays, firstBrokenEntry, memberPrice, sessionValue, sessionsLeft, usableOn } from './prepaid.js';
import { equalShares, splitByShares, validShares } from './shares.js';

const rule = (over: Partial<CommissionRule>): CommissionRule => ({
  staffId: null,
  role: null,
  serviceBp: 0,
  productBp: 0,
  targetPaise: null,
  targetBonusBp: null,
  ...over,
});

describe('shares', () => {
  it('split a shared service 60/40 and equally among three to the paisa', () => {
    expect(splitByShares(100_000, [6_000, 4_000])).toEqual([60_000, 40_000]);
    expect(equalShares(3)).toEqual([3_334, 3_333, 3_333]);
    expect(splitByShares(100, equalShares(3))).toEqual([34, 33, 33]);
  });
  it('never lose or invent a paisa', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 7 }), (amount, n) => {
        const parts = splitByShares(amount, equalShares(n));
        expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
      }),
    );
  });
  it('refuse shares that do not make the whole', () => {
    expect(validShares([5_000, 4_999])).toBe(false);
    expect(validShares([10_000, 0])).toBe(false);
    expect(() => splitByShares(100, [3_000])).toThrow(RangeError);
  });
});

describe('commissions', () => {
  const rules = [
    rule({ role: 'stylist', serviceBp: 1_000, productBp: 500 }),
    rule({ staffId: 'asha', serviceBp: 1_500, targetPaise: 50_000, targetBonusBp: 200 }),
  ];
  const roles = () => ['stylist'];

  it('split a shared colour service by shares, net of discount, before tax', () => {
    // Colour Rs 2,000 less Rs 200 discount: Rs 1,800 taxable, Asha 70 %, Ravi 30 %.
    const out = computeCommissions(
      [
        {
          kind: 'service',
          taxablePaise: 180_000,
          staff: [
            { staffId: 'asha', shareBp: 7_000 },
            { staffId: 'ravi', shareBp: 3_000 },
          ],
        },
        { kind: 'product', taxablePaise: 40_000, staff: [{ staffId: 'ravi', shareBp: 10_000 }] },
      ],
      rules,
      roles,
    );
    expect(out).toEqual([
      {
        staffId: 'asha',
        servicePaise: 126_000,
        productPaise: 0,
        serviceCommissionPaise: 18_900,
        productCommissionPaise: 0,
        bonusPaise: 2_520,
        totalPaise: 21_420,
      },
      {
        staffId: 'ravi',
        servicePaise: 54_000,
        productPaise: 40_000,
        serviceCommissionPaise: 5_400,
        productCommissionPaise: 2_000,
        bonusPaise: 0,
        totalPaise: 7_400,
      },
    ]);
  });
  it('pay the target slab only from the target on', () => {
    const under = computeCommissions(
      [{ kind: 'service', taxablePaise: 49_999, staff: [{ staffId: 'asha', shareBp: 10_000 }] }],
      rules,
      roles,
    );
    expect(under[0]?.bonusPaise).toBe(0);
  });
  it("a staff member's own rule wins over the role's; no rule, no commission", () => {
    expect(ruleFor(rules, 'asha', ['stylist'])?.serviceBp).toBe(1_500);
    expect(ruleFor(rules, 'ravi', ['stylist'])?.serviceBp).toBe(1_000);
    expect(
      computeCommissions(
        [{ kind: 'service', taxablePaise: 100, staff: [{ staffId: 'x', shareBp: 10_000 }] }],
        rules,
        () => ['cashier'],
      ),
    ).toEqual([]);
  });
  it('round basis points half up', () => {
    expect(bpOf(5, 1_000)).toBe(1);
    expect(bpOf(4, 1_000)).toBe(0);
  });
});

describe('packages, memberships, wallets', () => {
  const pkg = {
    sessionsTotal: 6,
    sessionsUsed: 2,
    sessionsRefunded: 0,
    sessionsExpired: 0,
    expiresOn: '2026-08-13',
  };
  it('6 haircuts with 2 used leave 4, usable through the last day only', () => {
    expect(sessionsLeft(pkg)).toBe(4);
    expect(usableOn(pkg, '2026-08-13')).toBe(true);
    expect(usableOn(pkg, '2026-08-14')).toBe(false);
    expect(addDays('2026-05-15', 90)).toBe('2026-08-13');
  });
  it('value sessions so that all of them add up to the price paid', () => {
    expect(sessionValue(160_000, 6, 1)).toBe(26_666);
    expect(sessionValue(160_000, 6, 4, 2)).toBe(106_667);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e8 }), fc.integer({ min: 1, max: 50 }), (price, n) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += sessionValue(price, n, 1, i);
        expect(sum).toBe(price);
      }),
    );
  });
  it('a 20 % membership takes Rs 100 off a Rs 500 service', () => {
    expect(memberPrice(50_000, 2_000)).toBe(40_000);
  });
  it('a wallet ledger reconciles; an edited balance is found', () => {
    const ledger = [
      { seq: 1, valuePaise: 1_200_000, balanceAfter: 1_200_000 },
      { seq: 2, valuePaise: -525_000, balanceAfter: 675_000 },
    ];
    expect(firstBrokenEntry(ledger)).toBeNull();
    expect(firstBrokenEntry([...ledger, { seq: 3, valuePaise: -1, balanceAfter: 675_000 }])).toBe(3);
    expect(firstBrokenEntry([{ seq: 1, valuePaise: -1, balanceAfter: -1 }])).toBe(1);
  });
});

describe('calendar', () => {
  it('10:00 IST is 04:30 UTC; a day and a week in IST', () => {
    expect(istRange('2026-05-15')).toEqual({
      from: '2026-05-14T18:30:00.000Z',
      to: '2026-05-15T18:30:00.000Z',
    });
    expect(weekStart('2026-05-15')).toBe('2026-05-11');
    expect(endOf('2026-05-15T04:30:00.000Z', 45)).toBe('2026-05-15T05:15:00.000Z');
  });
  it('back-to-back appointments do not overlap; any shared minute does', () => {
    expect(overlaps('a10', 'a11', 'a11', 'a12')).toBe(false);
    expect(overlaps('2026-05-15T04:30Z', '2026-05-15T05:15Z', '2026-05-15T05:00Z', '2026-05-15T05:30Z')).toBe(
      true,
    );
  });
});
