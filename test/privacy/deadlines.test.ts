/**
 * Deadlines per law, in IST business days (pure): acknowledgement within 10 business days
 * skipping weekends and holidays, GDPR one calendar month (+2), CCPA 45 days (+45), DPDP the
 * shop's period capped at 90 days, and the reminder stages before each clock lapses.
 */
import { describe, expect, it } from 'vitest';
import {
  businessDaysAfter,
  deadlinesFor,
  endOfIstDay,
  extendedDueAt,
  stagesReached,
} from '../../src/modules/privacy/deadlines.js';

const calendar = { holidays: ['2026-12-25'], recurringHolidays: ['01-26', '08-15', '10-02'] };
const iso = (d: Date) => d.toISOString();

describe('privacy request deadlines', () => {
  it('counts 10 business days in IST, skipping weekends and holidays', () => {
    // Friday 18 Dec 2026, 20:00 IST: the next business days are 21-24, (25 is a holiday), 28-31, 1 Jan ...
    const received = new Date('2026-12-18T14:30:00.000Z');
    expect(iso(businessDaysAfter(received, 10, calendar))).toBe(iso(endOfIstDay('2027-01-04')));
    // 23:00 IST on Monday 10 Aug counts from the 10th; 00:30 IST (19:00 UTC) is already the 11th.
    expect(iso(businessDaysAfter(new Date('2026-08-10T17:30:00.000Z'), 5, calendar))).toBe(
      iso(endOfIstDay('2026-08-17')),
    );
    expect(iso(businessDaysAfter(new Date('2026-08-10T19:00:00.000Z'), 5, calendar))).toBe(
      iso(endOfIstDay('2026-08-18')),
    );
    expect(iso(endOfIstDay('2026-04-01'))).toBe('2026-04-01T18:29:59.999Z');
  });

  it('gives GDPR one calendar month, CCPA 45 days and DPDP the shop period (at most 90 days)', () => {
    const received = new Date('2027-01-31T06:00:00.000Z');
    expect(iso(deadlinesFor('gdpr', received, calendar, 30).dueAt)).toBe(iso(endOfIstDay('2027-02-28')));
    expect(iso(deadlinesFor('ccpa', received, calendar, 30).dueAt)).toBe(iso(endOfIstDay('2027-03-17')));
    expect(iso(deadlinesFor('dpdp', received, calendar, 30).dueAt)).toBe(iso(endOfIstDay('2027-03-02')));
    expect(iso(deadlinesFor('dpdp', received, calendar, 500).dueAt)).toBe(iso(endOfIstDay('2027-05-01')));
  });

  it('extends GDPR by two months, CCPA by 45 days, DPDP up to 90 days from receipt', () => {
    const received = new Date('2027-01-31T06:00:00.000Z');
    const due = (law: 'gdpr' | 'ccpa' | 'dpdp') => deadlinesFor(law, received, calendar, 30).dueAt;
    expect(iso(extendedDueAt('gdpr', received, due('gdpr')))).toBe(iso(endOfIstDay('2027-04-28')));
    expect(iso(extendedDueAt('ccpa', received, due('ccpa')))).toBe(iso(endOfIstDay('2027-05-01')));
    expect(iso(extendedDueAt('dpdp', received, due('dpdp')))).toBe(iso(endOfIstDay('2027-05-01')));
  });

  it('reaches reminder stages before each deadline and once overdue', () => {
    const request = {
      ackDueAt: new Date('2027-02-14T18:29:59.999Z'),
      dueAt: new Date('2027-03-02T18:29:59.999Z'),
      acknowledged: false,
    };
    expect(stagesReached(request, new Date('2027-02-01T00:00:00Z'), 7)).toEqual([]);
    expect(stagesReached(request, new Date('2027-02-13T00:00:00Z'), 7)).toEqual(['ackSoon']);
    expect(stagesReached(request, new Date('2027-02-20T00:00:00Z'), 7)).toEqual(['ackOverdue']);
    expect(stagesReached({ ...request, acknowledged: true }, new Date('2027-02-24T00:00:00Z'), 7)).toEqual([
      'dueSoon',
    ]);
    expect(stagesReached({ ...request, acknowledged: true }, new Date('2027-03-01T00:00:00Z'), 7)).toEqual([
      'dueImminent',
    ]);
    expect(stagesReached({ ...request, acknowledged: true }, new Date('2027-03-03T00:00:00Z'), 7)).toEqual([
      'overdue',
    ]);
  });
});
