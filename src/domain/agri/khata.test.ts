import { describe, expect, it } from 'vitest';
import { bucketOf, khataPosition, overdueInterest, settle, type InterestRule } from './khata.js';
import { addDays, seasonDueDate, seasonOf } from './season.js';

const twelve: InterestRule = { enabled: true, rateBp: 1200, graceDays: 30 };

describe('crop seasons', () => {
  it('a Kharif sale falls due on 31 December of its year, a Rabi sale on the next 30 June', () => {
    expect(seasonDueDate('kharif', '2026-07-10')).toBe('2026-12-31');
    expect(seasonDueDate('kharif', '2026-12-31')).toBe('2026-12-31');
    expect(seasonDueDate('rabi', '2026-11-05')).toBe('2027-06-30');
    expect(seasonDueDate('rabi', '2027-02-01')).toBe('2027-06-30');
    expect(seasonDueDate('zaid', '2027-03-20')).toBe('2027-09-30');
    expect(seasonDueDate('zaid', '2027-10-01')).toBe('2028-09-30');
  });
  it('knows the sowing season of a date and adds days across months and leap years', () => {
    expect(seasonOf('2026-07-01')).toBe('kharif');
    expect(seasonOf('2026-11-01')).toBe('rabi');
    expect(seasonOf('2027-01-15')).toBe('rabi');
    expect(seasonOf('2027-04-01')).toBe('zaid');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 30)).toBe('2027-01-30');
    expect(() => addDays('not-a-date', 1)).toThrow(RangeError);
  });
});

describe('khata interest and ageing', () => {
  const charge = { id: 'c1', date: '2026-07-10', dueDate: '2026-12-31', amountPaise: 1_000_000 };
  const part = { date: '2027-01-15', amountPaise: 400_000 };

  it('charges no interest when off (the default), before the due date or within the grace days', () => {
    expect(overdueInterest([charge], [], '2027-06-30', { ...twelve, enabled: false })).toBe(0);
    expect(overdueInterest([charge], [], '2026-12-31', twelve)).toBe(0);
    expect(overdueInterest([charge], [], '2027-01-30', twelve)).toBe(0);
  });

  it('hand-computed: Rs 10,000 Kharif credit, Rs 4,000 paid on 15 Jan, 12 % a year after 30 grace days, to 31 Mar 2027', () => {
    // Interest runs from 30 Jan 2027 (31 Dec + 30 days) on the open Rs 6,000 for 60 days:
    // 6,00,000 paise x 12 % x 60 / 365 = 11,835.6 paise -> Rs 118.36.
    expect(overdueInterest([charge], [part], '2027-03-31', twelve)).toBe(11_836);
    const position = khataPosition([charge], [part], '2027-03-31', twelve);
    expect(position).toMatchObject({
      balancePaise: 600_000,
      overduePaise: 600_000,
      interestPaise: 11_836,
      nextDueDate: '2026-12-31',
      ageing: { '0-30': 0, '31-90': 600_000, '91-180': 0, 'over-180': 0 },
      advancePaise: 0,
    });
  });

  it('a payment inside the interest period lowers the amount from its day on', () => {
    // Rs 10,000 open from 30 Jan for 10 days (to 9 Feb), then Rs 7,000 for 50 days (to 31 Mar):
    // (10,00,000 x 10 + 7,00,000 x 50) x 0.12 / 365 = 14,794.5... -> 14,795 paise.
    const late = { date: '2027-02-09', amountPaise: 300_000 };
    expect(overdueInterest([charge], [late], '2027-03-31', twelve)).toBe(14_795);
  });

  it('settles the oldest due first and keeps what is paid beyond as an advance', () => {
    const rabi = { id: 'c2', date: '2026-11-05', dueDate: '2027-06-30', amountPaise: 200_000 };
    const { open, advancePaise } = settle(
      [rabi, charge],
      [{ date: '2027-01-01', amountPaise: 1_100_000 }],
      '2027-01-01',
    );
    expect(open).toEqual([{ ...rabi, openPaise: 100_000 }]);
    expect(advancePaise).toBe(0);
    const over = settle([charge], [{ date: '2027-01-01', amountPaise: 1_200_000 }], '2027-01-01');
    expect(over).toEqual({ open: [], advancePaise: 200_000 });
  });

  it('puts amounts in ageing buckets at their edges', () => {
    expect([0, 30, 31, 90, 91, 180, 181, -5].map(bucketOf)).toEqual([
      '0-30',
      '0-30',
      '31-90',
      '31-90',
      '91-180',
      '91-180',
      'over-180',
      '0-30',
    ]);
  });
});
