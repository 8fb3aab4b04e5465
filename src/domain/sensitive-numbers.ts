/**
 * Finds numbers in text: full card numbers (13-19 digits passing Luhn, with or without spaces or
 * dashes) and Aadhaar numbers (12 digits passing Verhoeff), which must never be stored, and Indian
 * phone numbers. Card and Aadhaar numbers are refused at the boundary of billing and customer
 * writes (a cashier who types a card number into a reference or note gets a clear refusal instead
 * of the number landing in the database or a log); all three feed the plaintext scanner of the
 * self-audit (`personal-data.ts` adds PANs and email addresses).
 */

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

/** What a run of digits in text can be: a card or Aadhaar number, or an Indian phone number. */
export type NumberKind = SensitiveKind | 'phone';

/** True when a GTIN (EAN-8, UPC-A, EAN-13, GTIN-14) carries a valid GS1 check digit. */
export function passesGs1(digits: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 2, weight = 3; i >= 0; i -= 1, weight = 4 - weight)
    sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Maximal runs of digits, allowing single spaces or dashes between digit groups and a leading `+`.
 * A run glued to letters or digits (`ab4111...`, a hex digest, base64) is part of a code, not a
 * number, and one joined to other digits by a point or comma is part of an amount (`26,755.60`),
 * so a run must stand apart from both.
 */
const DIGIT_RUN = /(?<![A-Za-z0-9])(?<!\d[.,])\+?\d(?:[ -]?\d)*(?![A-Za-z0-9])(?![.,]\d)/g;

/** An Indian mobile number without prefix: 10 digits starting with 6, 7, 8 or 9. */
const isMobile = (national: string): boolean => /^[6-9]\d{9}$/.test(national);

/** A national number after an explicit +91: a mobile, or a landline (STD code and subscriber). */
const isNational = (national: string): boolean => /^[1-9]\d{9}$/.test(national);

/** How people group the digits of a mobile number: `98765 43210`, `987 654 3210` ... */
const MOBILE_GROUPINGS = new Set(['10', '5-5', '3-3-4', '4-3-3', '3-7']);

const shape = (groups: readonly string[]) => groups.map((g) => g.length).join('-');

/** Card numbers are written whole or in their issuers' groups: 4-4-4-4(-3), 4-6-5, 4-6-4. */
function cardShaped(groups: readonly string[]): boolean {
  const s = shape(groups);
  return groups.length === 1 || /^(4-)+[1-4]$/.test(s) || s === '4-6-5' || s === '4-6-4';
}

/** A phone number written in groups: an optional 91 or trunk 0, then a mobile's usual groups. */
function phoneShaped(groups: readonly string[]): boolean {
  const [first = '', ...rest] = groups;
  if (groups.length > 1 && first === '91') return MOBILE_GROUPINGS.has(shape(rest));
  if (first.startsWith('0')) {
    const national = [first.slice(1), ...rest].filter((g) => g !== '');
    if (MOBILE_GROUPINGS.has(shape(national))) return true;
    // A landline with its STD code apart: 079-26301234, 022 2630 1234, 0731 255 0000.
    return groups.length > 1 && first.length >= 3 && first.length <= 5 && rest.every((g) => g.length >= 3);
  }
  return MOBILE_GROUPINGS.has(shape(groups));
}

/**
 * The kind of a span of whole digit groups, by its digits and by how they are grouped (numbers
 * written together by chance, `Rs 499 9876543210`, do not make a card number). Phone numbers:
 * 10 digits of a mobile; 11 with the trunk 0 (a landline only when the STD code stands apart);
 * 12 with 91, or, failing the Aadhaar check, joined. Landlines without a prefix are not
 * recognised: any 10-digit figure would then be one.
 */
function classify(groups: readonly string[]): NumberKind | undefined {
  const digits = groups.join('');
  const length = digits.length;
  if (length >= 13 && length <= 19 && cardShaped(groups) && passesLuhn(digits)) return 'card_number';
  const mobile = (national: string) => isMobile(national) && phoneShaped(groups);
  if (length === 12) {
    if (groups.length > 1 && groups[0] === '91' && mobile(digits.slice(2))) return 'phone';
    const aadhaarShaped = groups.length === 1 || shape(groups) === '4-4-4';
    if (aadhaarShaped && /^[2-9]/.test(digits) && passesVerhoeff(digits)) return 'aadhaar';
    return digits.startsWith('91') && mobile(digits.slice(2)) ? 'phone' : undefined;
  }
  if (length === 11 && digits.startsWith('0')) {
    const landline = groups.length > 1 && isNational(digits.slice(1));
    return mobile(digits.slice(1)) || (landline && phoneShaped(groups)) ? 'phone' : undefined;
  }
  return length === 10 && mobile(digits) ? 'phone' : undefined;
}

/** A number found in text, with its place (`start` inclusive, `end` exclusive). */
export interface NumberMatch {
  kind: NumberKind;
  start: number;
  end: number;
}

/** Groups of a run with their offsets in the text. */
function groupsOf(run: string, offset: number): Array<{ digits: string; start: number; end: number }> {
  const out: Array<{ digits: string; start: number; end: number }> = [];
  const pattern = /\d+/g;
  for (const m of run.matchAll(pattern))
    out.push({ digits: m[0], start: offset + m.index, end: offset + m.index + m[0].length });
  return out;
}

/** The whole run as an international Indian number (`+91 ...`, `0091 ...`), if it is one. */
function internationalPhone(run: string, digits: string): boolean {
  if (run.startsWith('+'))
    return digits.length === 12 && digits.startsWith('91') && isNational(digits.slice(2));
  return digits.length === 14 && digits.startsWith('0091') && isNational(digits.slice(4));
}

/**
 * Every card, Aadhaar and phone number in `text`, left to right, without overlaps. A plain run of
 * digits is checked whole; a run of groups (`2 4111 1111 1111 1111`) span by span of whole groups,
 * longest first. Sub-windows of a plain long number are not tried: a 20-digit reference would then
 * "contain" a Luhn-valid number by chance most of the time. UUIDs are skipped.
 */
export function findNumbers(text: string): NumberMatch[] {
  const source = text.includes('-') ? text.replace(UUID_ANYWHERE, (u) => 'x'.repeat(u.length)) : text;
  const found: NumberMatch[] = [];
  for (const match of source.matchAll(DIGIT_RUN)) {
    const groups = groupsOf(match[0], match.index);
    const all = groups.map((g) => g.digits).join('');
    if (internationalPhone(match[0], all)) {
      found.push({ kind: 'phone', start: match.index, end: match.index + match[0].length });
      continue;
    }
    // Spans of whole groups, at most 19 digits long, longest first: linear in the run's length.
    let from = 0;
    while (from < groups.length) {
      let to = from;
      let length = 0;
      while (to < groups.length && length + (groups[to]?.digits.length ?? 0) <= 19) {
        length += groups[to]?.digits.length ?? 0;
        to += 1;
      }
      let hit: NumberMatch | undefined;
      for (let end = to; end > from && hit === undefined; end -= 1) {
        const kind = classify(groups.slice(from, end).map((g) => g.digits));
        if (kind !== undefined)
          hit = { kind, start: groups[from]?.start ?? 0, end: groups[end - 1]?.end ?? 0 };
      }
      if (hit === undefined) from += 1;
      else {
        found.push(hit);
        const after = hit.end;
        from = groups.findIndex((g) => g.start >= after);
        if (from < 0) break;
      }
    }
  }
  return found;
}

const CARD_AND_AADHAAR: ReadonlySet<NumberKind> = new Set(['card_number', 'aadhaar']);

/**
 * The kind of the first forbidden number (card or Aadhaar, or only the kinds asked for) in `text`,
 * if any; phone numbers are not forbidden and are skipped.
 */
export function findSensitiveNumber(
  text: string,
  kinds: ReadonlySet<NumberKind> = CARD_AND_AADHAAR,
): SensitiveKind | undefined {
  for (const m of findNumbers(text)) if (m.kind !== 'phone' && kinds.has(m.kind)) return m.kind;
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
  // Walked with an explicit stack, depth first in document order, and bounded: a structure nested
  // deeper than any request body can be (the parser refuses those) cannot overflow the call stack.
  // Each entry links to its parent, so the path is built only for a finding.
  const stack: ScanNode[] = [{ value, key: undefined, parent: undefined }];
  for (let visited = 0; stack.length > 0 && visited < MAX_SCANNED_NODES; visited += 1) {
    const node = stack.pop();
    if (node === undefined) break;
    const found = scanLeaf(node, kinds, path);
    if (found !== undefined) return found;
    const children: Array<[string, unknown]> = Array.isArray(node.value)
      ? (node.value as unknown[]).map((item, i): [string, unknown] => [String(i), item])
      : typeof node.value === 'object' && node.value !== null
        ? Object.entries(node.value)
        : [];
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i];
      if (child !== undefined) stack.push({ value: child[1], key: child[0], parent: node });
    }
  }
  return undefined;
}

interface ScanNode {
  value: unknown;
  key: string | undefined;
  parent: ScanNode | undefined;
}

function pathOf(node: ScanNode, prefix: readonly string[]): string[] {
  const keys: string[] = [];
  for (let n: ScanNode | undefined = node; n !== undefined; n = n.parent)
    if (n.key !== undefined) keys.push(n.key);
  return [...prefix, ...keys.reverse()];
}

/** The most values one scan looks at: far above any request body the size limit lets in. */
const MAX_SCANNED_NODES = 1_000_000;

function scanLeaf(
  node: ScanNode,
  kinds: ReadonlySet<SensitiveKind>,
  prefix: readonly string[],
): SensitiveFinding | undefined {
  const { value } = node;
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
    const text = typeof value === 'number' ? BigInt(Math.trunc(value)).toString() : value;
    const key = node.key ?? prefix[prefix.length - 1] ?? '';
    // Ids are UUIDs, and a product barcode with a valid GS1 check digit is a barcode.
    if (UUID.test(text) || (/barcode/i.test(key) && passesGs1(text))) return undefined;
    const wanted = /phone/i.test(key) ? new Set([...kinds].filter((k) => k !== 'aadhaar')) : kinds;
    const kind = findSensitiveNumber(text, wanted);
    return kind === undefined ? undefined : { kind, path: pathOf(node, prefix).join('.') };
  }
  return undefined;
}
