import { describe, expect, it } from 'vitest';
import { overduePaise } from './overdue';

const now = new Date('2026-12-06T10:00:00.000Z');
const sale = (amount: number, at: string) => ({ kind: 'credit_sale', amountPaise: amount, createdAt: at });
const paid = (amount: number, at: string) => ({ kind: 'payment', amountPaise: -amount, createdAt: at });

describe('overdue khata balance', () => {
  it('is nothing while every credit sale is recent', () => {
    expect(overduePaise([sale(50_000, '2026-12-01T00:00:00.000Z')], now)).toBe(0);
  });
  it('payments settle the oldest sale first, whatever order the entries come in', () => {
    const entries = [
      sale(30_000, '2026-11-30T00:00:00.000Z'),
      paid(25_000, '2026-12-02T00:00:00.000Z'),
      sale(40_000, '2026-10-01T00:00:00.000Z'),
    ];
    expect(overduePaise(entries, now)).toBe(15_000);
    expect(overduePaise([...entries].reverse(), now)).toBe(15_000);
  });
  it('a payment larger than the old sales leaves nothing overdue; the boundary day is not overdue', () => {
    expect(
      overduePaise([sale(10_000, '2026-09-01T00:00:00.000Z'), paid(20_000, '2026-12-01T00:00:00.000Z')], now),
    ).toBe(0);
    expect(overduePaise([sale(10_000, '2026-11-06T10:00:00.000Z')], now)).toBe(0);
    expect(overduePaise([sale(10_000, '2026-11-06T09:59:59.000Z')], now)).toBe(10_000);
  });
});
