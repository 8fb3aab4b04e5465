/**
 * What a blind-index lookup needs besides the keys: normalising the sought value once, the index
 * length rule, and the exact-match test that throws away the false positives a truncated index
 * returns by design. Pure functions; the field cipher adds the keys.
 */
import { chooseIndexBits } from '../../crypto/blind-index.js';
import { normalizeEmail, normalizeGstin, normalizePhone, phoneLast4 } from '../../crypto/normalize.js';
import type { BlindIndexKind } from './field-crypto.types.js';

export interface BlindIndexOptions {
  /** Expected rows per tenant (customers); sets the index length by the 2..sqrt(N) rule. */
  expectedRows: number;
  /** A fixed length in bits instead of the rule (8..32); see docs/security.md before setting it. */
  bits?: number;
}

/** Bits of a last-4-digits index: 10,000 possible values in 4,096 buckets, about two per bucket. */
export const LAST4_INDEX_BITS = 12;

/** The index length for a kind: fixed for last-4, else the setting or the planning rule. */
export function indexBits(kind: BlindIndexKind, options: BlindIndexOptions): number {
  if (kind === 'phone_last4') return LAST4_INDEX_BITS;
  return options.bits ?? chooseIndexBits(options.expectedRows);
}

/** The algorithm recorded on a blind-index key: the truncation is fixed when the key is created. */
export function indexAlgorithm(bits: number): string {
  return `HMAC-SHA256/${String(bits)}`;
}

/** The truncation recorded in a key's algorithm (`HMAC-SHA256/18` -> 18), if any. */
export function bitsOfAlgorithm(algorithm: string | undefined): number | undefined {
  const match = /^HMAC-SHA256\/([0-9]{1,3})$/.exec(algorithm ?? '');
  return match === null ? undefined : Number(match[1]);
}

/** Normalises input for a kind, so the same person typed two ways gives the same index. */
export function normalizeFor(kind: BlindIndexKind, value: string): string {
  switch (kind) {
    case 'phone':
      return normalizePhone(value);
    case 'phone_last4':
      return phoneLast4(value);
    case 'email':
    case 'login_email':
      return normalizeEmail(value);
    case 'gstin':
      return normalizeGstin(value);
  }
}

/** A prepared lookup: the index value to query, and the normalised value candidates must equal. */
export interface SearchTerm {
  readonly tenantId: string;
  readonly kind: BlindIndexKind;
  readonly index: string;
  readonly normalized: string;
}

/** The form phone numbers are stored in (what `normalizePhone` returns): E.164. */
const E164 = /^\+[1-9][0-9]{4,14}$/;

/**
 * Whether a decrypted candidate is really the value sought. Stored values are normally kept in
 * normalised form, so plain equality decides at once; a value stored as typed is normalised
 * first. A stored value that no longer normalises (bad data) is simply not a match. A phone
 * already in E.164 is taken as stored normalised: parsing it again (libphonenumber, about as
 * slow as a decryption) for every stranger the truncated index returns would only repeat the
 * normalisation it had when written.
 */
export function isExactMatch(term: SearchTerm, plaintext: string): boolean {
  if (term.kind === 'phone_last4') return plaintext.replace(/\D/g, '').slice(-4) === term.normalized;
  if (plaintext === term.normalized) return true;
  if (term.kind === 'phone' && E164.test(plaintext)) return false;
  try {
    return normalizeFor(term.kind, plaintext) === term.normalized;
  } catch {
    return false;
  }
}
