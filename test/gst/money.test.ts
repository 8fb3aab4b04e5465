import { describe, expect, it } from 'vitest';
import {
  amountInWords,
  divRoundHalfUp,
  formatRupees,
  numberInIndianWords,
  parseRupees,
  roundToRupee,
} from '../../src/domain/money/index.js';

describe('money in paise', () => {
  it('rounds half up (away from zero for negatives) without floating point', () => {
    expect(divRoundHalfUp(5, 2)).toBe(3);
    expect(divRoundHalfUp(4, 3)).toBe(1);
    expect(divRoundHalfUp(-5, 2)).toBe(-3);
    expect(divRoundHalfUp(105_000n * 10_000n, 10_500n)).toBe(100_000);
    // 0.29 x 100 is 28.999... in floating point; integer arithmetic is exact.
    expect(divRoundHalfUp(29n * 100n, 100n)).toBe(29);
    expect(roundToRupee(12_350)).toBe(12_400);
    expect(roundToRupee(12_349)).toBe(12_300);
  });

  it('formats and parses rupees in the Indian system', () => {
    expect(formatRupees(12_345_678)).toBe('1,23,456.78');
    expect(formatRupees(1_000_000_000)).toBe('1,00,00,000.00');
    expect(formatRupees(5)).toBe('0.05');
    expect(formatRupees(-105_000)).toBe('-1,050.00');
    expect(formatRupees(12_345_678, { grouped: false })).toBe('123456.78');
    expect(parseRupees('1,050.5', 'price')).toBe(105_050);
    expect(parseRupees('1050', 'price')).toBe(105_000);
    expect(() => parseRupees('10.505', 'price')).toThrow(/two decimals/);
  });

  it('writes amounts in words with lakh and crore', () => {
    expect(numberInIndianWords(0)).toBe('Zero');
    expect(numberInIndianWords(115)).toBe('One Hundred Fifteen');
    expect(numberInIndianWords(150_000)).toBe('One Lakh Fifty Thousand');
    expect(numberInIndianWords(12_345_678)).toBe(
      'One Crore Twenty-Three Lakh Forty-Five Thousand Six Hundred Seventy-Eight',
    );
    expect(numberInIndianWords(1_000_000_000)).toBe('One Hundred Crore');
    expect(amountInWords(105_000)).toBe('Rupees One Thousand Fifty Only');
    expect(amountInWords(105_050)).toBe('Rupees One Thousand Fifty and Fifty Paise Only');
    expect(amountInWords(99)).toBe('Ninety-Nine Paise Only');
    expect(amountInWords(1_00_00_000_00)).toBe('Rupees One Crore Only');
    expect(amountInWords(0)).toBe('Rupees Zero Only');
  });
});
