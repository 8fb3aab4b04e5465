import { describe, expect, it } from 'vitest';
import { formatRupees, parseDiscount, parseRupees } from './money';

describe('formatRupees', () => {
  it('groups rupees the Indian way: thousands, then pairs of digits', () => {
    expect(formatRupees(10_000_000)).toBe('₹1,00,000.00');
    expect(formatRupees(123_456_789_00)).toBe('₹12,34,56,789.00');
    expect(formatRupees(99_999)).toBe('₹999.99');
    expect(formatRupees(100_000)).toBe('₹1,000.00');
  });

  it('shows paise with two digits, zero and negative amounts', () => {
    expect(formatRupees(5)).toBe('₹0.05');
    expect(formatRupees(0)).toBe('₹0.00');
    expect(formatRupees(-550)).toBe('-₹5.50');
    expect(formatRupees(250_050, { symbol: false })).toBe('2,500.50');
  });

  it('refuses fractional paise instead of rounding them silently', () => {
    expect(() => formatRupees(10.5)).toThrow(RangeError);
  });

  it('stays exact for large amounts (no float on the way)', () => {
    expect(formatRupees(9_007_199_254_740_991)).toBe('₹9,00,71,99,25,47,409.91');
  });
});

describe('parseRupees', () => {
  it('reads typed amounts into paise', () => {
    expect(parseRupees('1,00,000')).toBe(10_000_000);
    expect(parseRupees('250.5')).toBe(25_050);
    expect(parseRupees('₹ 99.99')).toBe(9_999);
    expect(parseRupees('0.1')).toBe(10);
    expect(parseRupees('12.')).toBe(1_200);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '1.234', '-5', '1e3', '12.3.4']) expect(parseRupees(bad)).toBeNull();
  });

  it('round-trips with formatRupees', () => {
    for (const paise of [0, 1, 99, 100, 123_456, 10_000_000])
      expect(parseRupees(formatRupees(paise))).toBe(paise);
  });
});

describe('parseDiscount', () => {
  it('reads a percentage of the base, to the nearest paisa', () => {
    expect(parseDiscount('25%', 189_900)).toBe(47_475);
    expect(parseDiscount(' 12.5 % ', 100_000)).toBe(12_500);
    expect(parseDiscount('10%', 105)).toBe(11); // 10.5 paise rounds half up
    expect(parseDiscount('100%', 189_900)).toBe(189_900);
    expect(parseDiscount('0%', 189_900)).toBe(0);
  });

  it('reads rupees as before', () => {
    expect(parseDiscount('150', 189_900)).toBe(15_000);
    expect(parseDiscount('₹1,000.5', 189_900)).toBe(100_050);
  });

  it('refuses more than the whole, and text that is neither', () => {
    expect(parseDiscount('100.01%', 189_900)).toBeNull();
    expect(parseDiscount('2000', 189_900)).toBeNull();
    expect(parseDiscount('25%%', 189_900)).toBeNull();
    expect(parseDiscount('%', 189_900)).toBeNull();
    expect(parseDiscount('-5%', 189_900)).toBeNull();
    expect(parseDiscount('five', 189_900)).toBeNull();
  });

  it('stays exact for large bases', () => {
    expect(parseDiscount('33.33%', 9_000_000_000_000)).toBe(2_999_700_000_000);
  });
});
