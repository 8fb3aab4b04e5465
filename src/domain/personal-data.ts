/**
 * Detectors of personal data in clear text: card numbers (Luhn), Aadhaar numbers (Verhoeff) and
 * Indian phone numbers from `sensitive-numbers.ts`, plus PANs and email addresses. The plaintext
 * scanner of the self-audit reports every match with its place; the input guard of free-text
 * fields refuses card and Aadhaar numbers (`refusalFor`). Matching is linear in the text.
 *
 * A GSTIN is not reported as a PAN: it embeds the holder's PAN, but GSTINs of the shop and of
 * registered buyers are printed on every tax invoice by law (CGST Rule 46), and a PAN must stand
 * apart from letters and digits, which a GSTIN's PAN never does (ADR 0012).
 */
import { findNumbers, type SensitiveKind } from './sensitive-numbers.js';

export type PersonalDataKind = SensitiveKind | 'pan' | 'phone' | 'email';

export const personalDataKinds: readonly PersonalDataKind[] = [
  'card_number',
  'aadhaar',
  'pan',
  'phone',
  'email',
];

/** One value found in a text: its kind and place (`start` inclusive, `end` exclusive). */
export interface PersonalDataMatch {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

/**
 * A PAN: five letters, four digits, a letter; the fourth letter says who holds it (P person,
 * C company, H HUF, F firm, A association, T trust, B body of individuals, L local authority,
 * J artificial juridical person, G government). One case throughout, standing apart.
 */
const PAN = /(?<![A-Za-z0-9])[A-Za-z]{3}[ABCFGHJLPTabcfghjlpt][A-Za-z]\d{4}[A-Za-z](?![A-Za-z0-9])/g;

const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/** Email addresses, found from each `@` outwards (no backtracking regex over the whole text). */
function findEmails(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  let at = text.indexOf('@');
  let floor = 0;
  while (at >= 0) {
    let start = at;
    while (start > floor && LOCAL_CHAR.test(text[start - 1] ?? '')) start -= 1;
    while (start < at && /[.%+-]/.test(text[start] ?? '')) start += 1;
    let end = at + 1;
    while (end < text.length && DOMAIN_CHAR.test(text[end] ?? '')) end += 1;
    while (end > at + 1 && /[.-]/.test(text[end - 1] ?? '')) end -= 1;
    const local = text.slice(start, at);
    const labels = text.slice(at + 1, end).split('.');
    const tld = labels[labels.length - 1] ?? '';
    const validDomain =
      labels.length >= 2 &&
      labels.every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-')) &&
      /^[A-Za-z]{2,24}$/.test(tld);
    if (local.length > 0 && local.length <= 64 && validDomain) {
      found.push({ kind: 'email', start, end });
      floor = end;
    }
    at = text.indexOf('@', Math.max(at + 1, floor));
  }
  return found;
}

function findPans(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = [];
  for (const m of text.matchAll(PAN)) {
    const value = m[0];
    if (value !== value.toUpperCase() && value !== value.toLowerCase()) continue;
    found.push({ kind: 'pan', start: m.index, end: m.index + value.length });
  }
  return found;
}

/**
 * Every piece of personal data of the given kinds in `text`, left to right. Where two overlap
 * (`9876543210@example.com` is an email holding a phone number) the longer one is kept.
 */
export function findPersonalData(
  text: string,
  kinds: ReadonlySet<PersonalDataKind> = new Set(personalDataKinds),
): PersonalDataMatch[] {
  const all: PersonalDataMatch[] = [];
  if (kinds.has('email') && text.includes('@')) all.push(...findEmails(text));
  if (kinds.has('pan')) all.push(...findPans(text));
  if (kinds.has('card_number') || kinds.has('aadhaar') || kinds.has('phone'))
    for (const m of findNumbers(text)) if (kinds.has(m.kind)) all.push(m);
  all.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: PersonalDataMatch[] = [];
  for (const m of all) {
    const last = kept[kept.length - 1];
    if (last === undefined || m.start >= last.end) kept.push(m);
    else if (m.end - m.start > last.end - last.start) kept[kept.length - 1] = m;
  }
  return kept;
}

const refusals: Record<SensitiveKind, string> = {
  card_number:
    'looks like a full card number: record only the last 4 digits and the processor reference, never the card number',
  aadhaar: 'looks like an Aadhaar number, which Tijori does not store',
};

const FORBIDDEN_IN_FREE_TEXT: ReadonlySet<PersonalDataKind> = new Set(['card_number', 'aadhaar']);

/**
 * Why a free-text value (a note, an item description, an address line) must be refused, or
 * undefined when it may be stored: card and Aadhaar numbers never go into free text.
 */
export function refusalFor(text: string): { kind: SensitiveKind; message: string } | undefined {
  const [first] = findPersonalData(text, FORBIDDEN_IN_FREE_TEXT);
  if (first === undefined || (first.kind !== 'card_number' && first.kind !== 'aadhaar')) return undefined;
  return { kind: first.kind, message: refusals[first.kind] };
}

/** The refusal message for a kind of forbidden number (the same words everywhere). */
export function refusalMessage(kind: SensitiveKind): string {
  return refusals[kind];
}
