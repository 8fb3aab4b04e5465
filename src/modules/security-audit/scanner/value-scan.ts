/**
 * What the scanner finds in one stored value. Strings are searched whole; JSON documents string by
 * string (their numbers are amounts, counts and times, so only a number long enough to be nothing
 * but a card number is checked); bytes as UTF-8 text. Envelopes and sealed boxes are skipped, and a
 * barcode with a valid GS1 check digit in a barcode column is a barcode, not a card number.
 */
import {
  findPersonalData,
  type PersonalDataKind,
  type PersonalDataMatch,
} from '../../../domain/personal-data.js';
import { passesGs1 } from '../../../domain/sensitive-numbers.js';
import { maskFinding } from './finding-mask.js';

/** How one column is scanned. */
export interface ColumnRule {
  /** The kinds reported in this column. */
  kinds: ReadonlySet<PersonalDataKind>;
  /** A barcode column: whole GS1-valid values are barcodes. */
  barcode: boolean;
}

export interface ValueFinding {
  kind: PersonalDataKind;
  /** The value masked (`maskFinding`); never the value. */
  sample: string;
}

const ENCRYPTED_PREFIXES = ['tj1:', 'tsb1:'];

function inText(text: string, kinds: ReadonlySet<PersonalDataKind>, out: ValueFinding[]): void {
  for (const m of findPersonalData(text, kinds))
    out.push({ kind: m.kind, sample: maskFinding(m.kind, text.slice(m.start, m.end)) });
}

function inJson(value: unknown, kinds: ReadonlySet<PersonalDataKind>, out: ValueFinding[], depth = 0): void {
  if (depth > 32) return;
  if (typeof value === 'string') inText(value, kinds, out);
  else if (typeof value === 'number') {
    // 15 to 19 digits: beyond any amount or millisecond time, the length of card numbers.
    const digits = Number.isSafeInteger(value) ? String(Math.abs(value)) : '';
    if (digits.length >= 15 && kinds.has('card_number'))
      for (const m of findPersonalData(digits, new Set(['card_number'])))
        out.push({ kind: m.kind, sample: maskFinding(m.kind, digits) });
  } else if (Array.isArray(value)) for (const item of value) inJson(item, kinds, out, depth + 1);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) inJson(item, kinds, out, depth + 1);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The personal data in one stored value under a column's rule. */
export function scanValue(value: unknown, rule: ColumnRule): ValueFinding[] {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (Buffer.isBuffer(value)) text = value.toString('utf8');
  else if (value instanceof Uint8Array) text = Buffer.from(value).toString('utf8');
  else return [];
  if (text.length < 5 || ENCRYPTED_PREFIXES.some((p) => text.startsWith(p))) return [];
  if (rule.barcode && passesGs1(text.trim())) return [];
  const out: ValueFinding[] = [];
  const first = text.trimStart()[0];
  const json = first === '{' || first === '[' ? parseJson(text) : undefined;
  if (json !== undefined) inJson(json, rule.kinds, out);
  else inText(text, rule.kinds, out);
  return out;
}

/** Every match in a text, for masking row keys that happen to hold personal data. */
export function matchesIn(text: string): PersonalDataMatch[] {
  return findPersonalData(text);
}
