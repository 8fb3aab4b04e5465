import { describe, expect, it } from 'vitest';
import { formatDate, formatDateOnly, formatDateTime, istDayStart, todayInIst } from './dates';

describe('formatDate', () => {
  it('writes DD-MM-YYYY', () => {
    expect(formatDate('2026-11-24T06:00:00.000Z')).toBe('24-11-2026');
  });

  it('uses the IST calendar day, not UTC or the browser zone', () => {
    // 20:00 UTC on 31 March is 01:30 on 1 April in India: a new financial year.
    expect(formatDate('2026-03-31T20:00:00Z')).toBe('01-04-2026');
    expect(formatDate('2026-03-31T18:29:59Z')).toBe('31-03-2026');
    expect(formatDate('2026-03-31T18:30:00Z')).toBe('01-04-2026');
  });

  it('accepts Date objects and refuses what is not a date', () => {
    expect(formatDate(new Date(Date.UTC(2027, 0, 5, 12)))).toBe('05-01-2027');
    expect(() => formatDate('yesterday')).toThrow(RangeError);
  });
});

describe('formatDateTime', () => {
  it('adds the IST time on a 24-hour clock', () => {
    expect(formatDateTime('2026-03-31T20:00:00Z')).toBe('01-04-2026 01:30 IST');
    expect(formatDateTime('2026-11-24T18:29:00Z')).toBe('24-11-2026 23:59 IST');
    expect(formatDateTime('2026-11-24T18:30:00Z')).toBe('25-11-2026 00:00 IST');
  });
});

describe('calendar dates', () => {
  it('writes a server calendar date as DD-MM-YYYY without moving it', () => {
    expect(formatDateOnly('2026-04-01')).toBe('01-04-2026');
    expect(() => formatDateOnly('01-04-2026')).toThrow(RangeError);
  });

  it('knows the IST day of an instant and when an IST day starts', () => {
    expect(todayInIst(new Date('2026-03-31T20:00:00Z'))).toBe('2026-04-01');
    expect(istDayStart('2026-04-01')).toBe('2026-03-31T18:30:00.000Z');
  });
});
