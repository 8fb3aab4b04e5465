/**
 * Check digits for test values: Verhoeff (Aadhaar) and Luhn (cards), found by trying the ten
 * digits against the product's checks, never real numbers. The detector tests pin the checks
 * themselves with published valid and invalid examples.
 */
import { passesLuhn, passesVerhoeff } from '../../../src/domain/sensitive-numbers.js';

function completed(body: string, passes: (digits: string) => boolean): string {
  for (let d = 0; d <= 9; d += 1) if (passes(`${body}${String(d)}`)) return `${body}${String(d)}`;
  throw new Error('no check digit');
}

/** The 12-digit number made of 11 digits and their Verhoeff check digit. */
export function aadhaarWithCheckDigit(first11: string): string {
  return completed(first11, passesVerhoeff);
}

/** The number made of `body` and its Luhn check digit. */
export function withLuhnDigit(body: string): string {
  return completed(body, passesLuhn);
}
