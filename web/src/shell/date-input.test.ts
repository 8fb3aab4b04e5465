import { describe, expect, it } from 'vitest';
import { parseIndianDate, parseIndianMonth } from './date-input';

describe('Indian dates typed in', () => {
  it('reads DD-MM-YYYY as an ISO calendar date, refusing days that do not exist', () => {
    expect(parseIndianDate('01-04-2026')).toBe('2026-04-01');
    expect(parseIndianDate(' 29-02-2028 ')).toBe('2028-02-29');
    expect(parseIndianDate('29-02-2027')).toBeNull();
    expect(parseIndianDate('2026-04-01')).toBeNull();
    expect(parseIndianDate('1-4-2026')).toBeNull();
  });

  it('reads MM-YYYY as a month', () => {
    expect(parseIndianMonth('05-2026')).toBe('2026-05');
    expect(parseIndianMonth('13-2026')).toBeNull();
  });
});
