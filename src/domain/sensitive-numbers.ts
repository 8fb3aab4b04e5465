/**
 * Finds numbers that must never be stored: full card numbers (13-19 digits passing Luhn, with or
 * without spaces or dashes) and Aadhaar numbers (12 digits passing Verhoeff). Used at the
 * boundary of billing and customer writes, so a cashier who types a card number into a reference
 * field gets a clear refusal instead of the number landing in the database or a log.
 */

/** Maximal runs of digits, allowing single spaces or dashes between digit groups. */
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;

/** True when `digits` (digits only) passes the Luhn check. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 7, 6, 8, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** True when `digits` passes the Verhoeff check (the Aadhaar check digit). */
export function passesVerhoeff(digits: string): boolean {
  let c = 0;
  const reversed = [...digits].reverse();
  reversed.forEach((ch, i) => {
    c = VERHOEFF_D[c]?.[VERHOEFF_P[i % 8]?.[Number(ch)] ?? 0] ?? 0;
  });
  return c === 0;
}

export type SensitiveKind = 'card_number' | 'aadhaar';

/** True when a GTIN (EAN-8, UPC-A, EAN-13, GTIN-14) carries a valid GS1 check digit. */
export function passesGs1(digits: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 2, weight = 3; i >= 0; i -= 1, weight = 4 - weight)
    sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function classify(digits: string): SensitiveKind | undefined {
  if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return 'card_number';
  if (digits.length === 12 && /^[2-9]/.test(digits) && passesVerhoeff(digits)) return 'aadhaar';
  return undefined;
}

/**
 * The kind of forbidden number found in `text`, if any. A plain run of digits is checked whole; a
 * run of groups (`2 4111 1111 1111 1111`) also span by span of whole groups. Sub-windows of a
 * plain long number are not tried: a 20-digit reference would then "contain" a Luhn-valid number
 * by chance most of the time.
 */
export function findSensitiveNumber(text: string): SensitiveKind | undefined {
  for (const match of text.matchAll(DIGIT_RUN)) {
    const groups = match[0].split(/[ -]/);
    if (groups.length === 1) {
      const kind = classify(match[0]);
      if (kind !== undefined) return kind;
      continue;
    }
    // Spans of whole groups, at most 19 digits long: linear in the run's length.
    for (let from = 0; from < groups.length; from += 1) {
      let digits = '';
      for (let to = from; to < groups.length && digits.length <= 19; to += 1) {
        digits += groups[to] ?? '';
        const kind = classify(digits);
        if (kind !== undefined) return kind;
      }
    }
  }
  return undefined;
}

export interface SensitiveFinding {
  kind: SensitiveKind;
  /** Dotted path of the field holding it (`payments.0.reference`). */
  path: string;
}

/**
 * Walks a parsed JSON value and returns the first field holding a card number (or, when asked, an
 * Aadhaar number). Numbers are checked too: a card number sent as a JSON number is still one.
 * Fields whose name mentions a phone are not checked for Aadhaar numbers: a 12-digit phone number
 * with its country code passes the Aadhaar check digit one time in ten. UUIDs, and barcodes with
 * a valid GS1 check digit (a 13-digit EAN passes Luhn one time in ten), are not card numbers.
 */
export function scanForSensitiveNumbers(
  value: unknown,
  kinds: ReadonlySet<SensitiveKind> = new Set(['card_number']),
  path: readonly string[] = [],
): SensitiveFinding | undefined {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
    const text = typeof value === 'number' ? BigInt(Math.trunc(value)).toString() : value;
    const key = path[path.length - 1] ?? '';
    // Ids are UUIDs, and a product barcode with a valid GS1 check digit is a barcode.
    if (UUID.test(text) || (/barcode/i.test(key) && passesGs1(text))) return undefined;
    const kind = findSensitiveNumber(text);
    const isPhone = /phone/i.test(key);
    if (kind === undefined || !kinds.has(kind)) return undefined;
    return kind === 'aadhaar' && isPhone ? undefined : { kind, path: path.join('.') };
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = scanForSensitiveNumbers(item, kinds, [...path, String(i)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = scanForSensitiveNumbers(item, kinds, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
