/**
 * What a blind-index lookup needs besides the keys: normalising the sought value once, the index
 * length rule, and the exact-match test that throws away the false positives a truncated index
 * returns by design. Pure functions; the field cipher adds the keys.
 */
import { bitsAsHex, chooseIndexBits, leadingIndexBits } from '../../crypto/blind-index.js';
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
  /** Every index value the sought value may be stored under (generations, class widths). */
  readonly indexes: readonly string[];
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

/**
 * Contact indexes (phone, last 4 digits, email) under index generations kept in the key folder
 * (ADR 0033). A customer belongs to one class by which of them they carry; every class has its own
 * bit budget from its real size, so that the *combination* of a person's stored index values is
 * shared by at least `INDEX_MIN_CANDIDATES` people of the class (docs/security.md, section 2).
 */
export type IndexClass = 'p' | 'e' | 'pe';
export type ContactKind = 'phone' | 'phone_last4' | 'email';
export type IndexWidths = Record<IndexClass, { phone?: number; email?: number }>;
export type ClassCounts = Record<IndexClass, number>;

/** The mean number of people per combination the planner keeps at least. */
export const INDEX_TARGET_MEAN = 64;
/**
 * The documented least number of people sharing one person's combination of stored index values
 * (in a class of at least 2 x INDEX_TARGET_MEAN people; a smaller class has 0 bits: one bucket).
 */
export const INDEX_MIN_CANDIDATES = 24;
/** At most this many bits of a phone index come from its last 4 digits: 10,000 values in 256 buckets keep about 39 last-4 values per bucket, so the buckets stay even. */
export const LAST4_MAX_BITS = 8;

export function isContactKind(kind: BlindIndexKind): kind is ContactKind {
  return kind === 'phone' || kind === 'phone_last4' || kind === 'email';
}

/**
 * Bits per class: B = floor(log2(n / mean)) for a class of n people (0 below 2 x mean), so every
 * combination covers `mean`..`2 x mean` people on average. A person with both a phone and an
 * email splits the class budget: two thirds to the phone (the counter's lookup), a third to email.
 */
export function planIndexWidths(counts: ClassCounts, mean = INDEX_TARGET_MEAN): IndexWidths {
  const budget = (n: number) => (n < 2 * mean ? 0 : Math.min(32, Math.floor(Math.log2(n / mean))));
  const both = budget(counts.pe);
  const bothEmail = Math.floor(both / 3);
  return {
    p: { phone: budget(counts.p) },
    e: { email: budget(counts.e) },
    pe: { phone: both - bothEmail, email: bothEmail },
  };
}

export function sameWidths(a: IndexWidths, b: IndexWidths): boolean {
  return (['p', 'e', 'pe'] as const).every((c) => a[c].phone === b[c].phone && a[c].email === b[c].email);
}

/** The class of a customer with these fields, if any contact index applies. */
export function classOf(hasPhone: boolean, hasEmail: boolean): IndexClass | undefined {
  if (hasPhone && hasEmail) return 'pe';
  if (hasPhone) return 'p';
  return hasEmail ? 'e' : undefined;
}

/** The bits a kind's index has in a class (undefined: the class has no such index). */
export function widthOf(kind: ContactKind, widths: IndexWidths, cls: IndexClass): number | undefined {
  const phone = widths[cls].phone;
  if (kind === 'email') return widths[cls].email;
  if (phone === undefined) return undefined;
  return kind === 'phone' ? phone : Math.min(phone, LAST4_MAX_BITS);
}

/** Every width a kind has in some class: a lookup asks for each. */
export function widthsOf(kind: ContactKind, widths: IndexWidths): number[] {
  const out = new Set<number>();
  for (const cls of ['p', 'e', 'pe'] as const) {
    const bits = widthOf(kind, widths, cls);
    if (bits !== undefined) out.add(bits);
  }
  return [...out].sort((a, b) => a - b);
}

/** The index keys of one generation: one per contact kind. */
export interface ContactIndexKeys {
  readonly phone: Buffer;
  readonly phone_last4: Buffer;
  readonly email: Buffer;
}

/**
 * A contact index value: `<generation>.<bits>.<hex>`. A phone's leading bits (up to 12) are those
 * of its last 4 digits' index, so the last-4 value of a person adds nothing to their phone value:
 * the combination is as wide as the phone index alone.
 */
export function contactIndexValue(
  keys: ContactIndexKeys,
  generation: number,
  kind: ContactKind,
  normalized: string,
  bits: number,
): string {
  const tag = `${String(generation)}.${String(bits)}.`;
  if (kind === 'email') return tag + bitsAsHex(leadingIndexBits(keys.email, 'email', normalized, bits), bits);
  const last4 = normalized.replace(/\D/g, '').slice(-4);
  const lead = Math.min(bits, LAST4_MAX_BITS);
  const head = leadingIndexBits(keys.phone_last4, 'phone_last4', last4, lead);
  if (kind === 'phone_last4') return tag + bitsAsHex(head, bits);
  const rest = bits - lead;
  const tail = leadingIndexBits(keys.phone, 'phone', normalized, rest);
  return tag + bitsAsHex(head * 2 ** rest + tail, bits);
}

/** The generation of a contact index value (undefined: a value from before index generations). */
export function generationOfIndex(value: string): number | undefined {
  const match = /^([0-9]{1,9})\.[0-9]{1,2}\./.exec(value);
  return match === null ? undefined : Number(match[1]);
}
