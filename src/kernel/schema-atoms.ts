/**
 * Small zod schemas shared by the billing, catalog and customer routes and CSV imports: paise,
 * quantities, state codes, codes and labels. One definition each, so the API and the importers
 * refuse the same things with the same words.
 */
import { z } from 'zod';
import { isStateCode, isUqc } from '../domain/gst/index.js';
import { refusalFor } from '../domain/personal-data.js';

/** An amount in integer paise, zero or more. */
export const paise = z.number().int('must be a whole number of paise').min(0).max(1e13);

/** A positive quantity with at most 3 decimals (1, 2.5, 0.125). */
export const quantity = z
  .number()
  .positive('must be a positive quantity')
  .max(1_000_000)
  .refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, 'must have at most 3 decimals');

/** Quantity to integer thousandths of the unit. */
export function toMilli(q: number): number {
  return Math.round(q * 1000);
}

/** Thousandths back to a JSON quantity. */
export function fromMilli(milli: number): number {
  return milli / 1000;
}

export const stateCode = z.string().refine(isStateCode, 'must be a known two-digit GST state code');

export const uqc = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isUqc, 'must be a unit quantity code such as PCS, KGS or OTH');

/** HSN (goods) or SAC (services) of 4, 6 or 8 digits. */
export const hsnSac = z.string().regex(/^[0-9]{4}(?:[0-9]{2}){0,2}$/, 'must be 4, 6 or 8 digits');

/**
 * A printable label or free text (names, item descriptions, address lines, notes): trimmed, no
 * control characters, and never a card or Aadhaar number (the input guard of free-text fields:
 * the refusal names the field and never repeats the value).
 */
export function label(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters')
    .superRefine((s, ctx) => {
      const refusal = refusalFor(s);
      if (refusal !== undefined) ctx.addIssue({ code: 'custom', message: refusal.message });
    });
}

/** A barcode or SKU: letters, digits and `-._`, as scanners send them. */
export const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{3,64}$/, 'must be 3 to 64 letters, digits, dots, dashes or underscores');

/** A document number as printed (`INV/26-27/00001`): letters, digits, `-` and `/`, at most 16. */
export const documentNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9/-]{1,16}$/, 'must be a document number such as INV/26-27/00001');

/** A pagination cursor or an id. */
export const id = z.uuid();

/** `limit` of a listing. */
export const limit = z.coerce.number().int().min(1).max(200).default(50);

/** An instant in a query (`2026-04-01T00:00:00.000Z`). */
export const instant = z.iso.datetime();

/** An IST calendar date. */
export const isoDate = z.iso.date();
