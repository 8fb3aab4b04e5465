/**
 * Document numbers (CGST Rule 46(b), Rule 53): at most 16 characters of letters, digits, `-`
 * and `/`, consecutive and unique within a financial year, a new series each April. A series
 * format is a prefix, the financial-year label and a zero-padded counter: `INV/26-27/00001`.
 * E-invoices further refuse a leading `0`, `/` or `-`, and small letters.
 */
import { invalid } from '../app-error.js';
import type { FinancialYear } from './financial-year.js';

/** Most characters in a document number. */
export const MAX_DOCUMENT_NUMBER_LENGTH = 16;

const ALLOWED = /^[A-Za-z0-9/-]+$/;

/** How a store's series numbers look. */
export interface SeriesFormat {
  /** Letters, digits, `-`, `/`; must not start with `0`, `/` or `-` (e-invoice rule). */
  readonly prefix: string;
  /** Put the financial-year label in the number ("INV/26-27/00001"); default true. */
  readonly includeYear?: boolean;
  /** Counter digits (zero-padded); the counter may grow past them while the length allows. */
  readonly minDigits?: number;
}

/** Why a document number is not acceptable, or null when it is. */
export function documentNumberProblem(number: string, options: { eInvoice?: boolean } = {}): string | null {
  if (number.length === 0 || number.length > MAX_DOCUMENT_NUMBER_LENGTH) return 'must be 1 to 16 characters';
  if (!ALLOWED.test(number)) return 'may hold only letters, digits, - and /';
  if (options.eInvoice === true && /^[0/-]/.test(number))
    return 'must not start with 0, / or - (e-invoice rule)';
  if (options.eInvoice === true && /[a-z]/.test(number)) return 'must use capital letters (e-invoice rule)';
  return null;
}

/** Checks a series format, naming the field; the longest number it can produce must fit. */
export function validateSeriesFormat(format: SeriesFormat, field = 'prefix'): void {
  if (format.prefix !== '' && !ALLOWED.test(format.prefix))
    throw invalid(field, 'may hold only letters, digits, - and /');
  if (/^[0/-]/.test(format.prefix)) throw invalid(field, 'must not start with 0, / or -');
  const digits = format.minDigits ?? 5;
  if (!Number.isInteger(digits) || digits < 1 || digits > 10)
    throw invalid(`${field}`, 'counter digits must be 1 to 10');
  const sample = `${stem(format, '00-00')}${'9'.repeat(digits)}`;
  if (sample.length > MAX_DOCUMENT_NUMBER_LENGTH)
    throw invalid(field, `too long: numbers would exceed ${MAX_DOCUMENT_NUMBER_LENGTH} characters`);
}

function stem(format: SeriesFormat, yearLabel: string): string {
  const parts = [format.prefix, format.includeYear === false ? '' : yearLabel].filter((p) => p !== '');
  return parts.length === 0 ? '' : `${parts.join('/')}/`;
}

/** The largest counter a format can print in 16 characters. */
export function maxSequence(format: SeriesFormat): number {
  const room = MAX_DOCUMENT_NUMBER_LENGTH - stem(format, '00-00').length;
  return room <= 0 ? 0 : 10 ** Math.min(room, 15) - 1;
}

/**
 * The number for a position in a series: `formatDocumentNumber({ prefix: 'INV' }, fy(2026), 1)`
 * is `INV/26-27/00001`. Throws `precondition_failed`-style validation when the series is full.
 */
export function formatDocumentNumber(format: SeriesFormat, year: FinancialYear, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError('sequence must be a positive integer');
  const number = `${stem(format, year.label)}${String(sequence).padStart(format.minDigits ?? 5, '0')}`;
  if (number.length > MAX_DOCUMENT_NUMBER_LENGTH)
    throw invalid('prefix', 'the series is full: shorten the prefix to continue numbering');
  return number;
}
