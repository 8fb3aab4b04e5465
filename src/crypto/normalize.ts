/**
 * Normalisation before blind indexing, so that the same person typed two ways finds the same row:
 * phone numbers to E.164 (India by default), emails trimmed and lowercased, GSTINs uppercased.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { invalid } from '../domain/app-error.js';

/** A phone number in E.164 (`+919876543210`); +91 is assumed when no country code is given. */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'IN'): string {
  const cleaned = input.normalize('NFKC').trim();
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry);
  if (parsed === undefined || !parsed.isValid()) throw invalid('phone', 'not a valid phone number');
  return parsed.number;
}

/** The last four digits of a phone number, for counter lookups. */
export function phoneLast4(input: string): string {
  const digits = input.normalize('NFKC').replace(/\D/g, '');
  if (digits.length < 4) throw invalid('phone', 'give at least the last four digits');
  return digits.slice(-4);
}

export function normalizeEmail(input: string): string {
  const email = input.normalize('NFKC').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)
    throw invalid('email', 'not a valid email address');
  return email;
}

export function normalizeGstin(input: string): string {
  const gstin = input.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  if (!/^[0-9A-Z]{15}$/.test(gstin)) throw invalid('gstin', 'a GSTIN has 15 letters and digits');
  return gstin;
}
