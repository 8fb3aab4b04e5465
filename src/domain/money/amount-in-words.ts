/**
 * Amounts in words in the Indian numbering system (thousand, lakh, crore), as Rule 46 invoices
 * and cheques print them: 1,23,45,678.50 -> "Rupees One Crore Twenty-Three Lakh Forty-Five
 * Thousand Six Hundred Seventy-Eight and Fifty Paise Only".
 */
import type { Paise } from './money.js';

const ONES = [
  'Zero',
  'One',
  'Two',
  'Three',
  'Four',
  'Five',
  'Six',
  'Seven',
  'Eight',
  'Nine',
  'Ten',
  'Eleven',
  'Twelve',
  'Thirteen',
  'Fourteen',
  'Fifteen',
  'Sixteen',
  'Seventeen',
  'Eighteen',
  'Nineteen',
];
const TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

function belowHundred(n: number): string {
  if (n < 20) return ONES[n] ?? '';
  const tens = TENS[Math.floor(n / 10)] ?? '';
  return n % 10 === 0 ? tens : `${tens}-${ONES[n % 10]}`;
}

function belowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (hundreds > 0) parts.push(`${ONES[hundreds]} Hundred`);
  if (rest > 0) parts.push(belowHundred(rest));
  return parts.join(' ');
}

/** A whole number in Indian words: 150000 -> "One Lakh Fifty Thousand"; crores repeat above 99. */
export function numberInIndianWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('expected a non-negative safe integer');
  if (n === 0) return 'Zero';
  const crore = Math.floor(n / 10_000_000);
  const lakh = Math.floor((n % 10_000_000) / 100_000);
  const thousand = Math.floor((n % 100_000) / 1000);
  const rest = n % 1000;
  const parts: string[] = [];
  // Amounts of 100 crore and more say "One Hundred Crore" (the crore part in words again).
  if (crore > 0) parts.push(`${numberInIndianWords(crore)} Crore`);
  if (lakh > 0) parts.push(`${belowHundred(lakh)} Lakh`);
  if (thousand > 0) parts.push(`${belowHundred(thousand)} Thousand`);
  if (rest > 0) parts.push(belowThousand(rest));
  return parts.join(' ');
}

/** An amount of paise in words: 105050 -> "Rupees One Thousand Fifty and Fifty Paise Only". */
export function amountInWords(amount: Paise): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError('expected whole paise');
  const sign = amount < 0 ? 'Minus ' : '';
  const abs = Math.abs(amount);
  const rupees = Math.floor(abs / 100);
  const paise = abs % 100;
  if (rupees === 0 && paise > 0) return `${sign}${belowHundred(paise)} Paise Only`;
  const rupeeWords = `${sign}Rupees ${numberInIndianWords(rupees)}`;
  return paise > 0 ? `${rupeeWords} and ${belowHundred(paise)} Paise Only` : `${rupeeWords} Only`;
}
