/**
 * Masked samples of values the scanner found: enough to recognise the record, never the value.
 * Card numbers keep their last 4 digits (PCI DSS 3.4.1 allows at most the first 6 and last 4),
 * Aadhaar numbers are shown as UIDAI prescribes (`XXXX-XXXX-1234`), phone numbers and emails as
 * everywhere else in Tijori.
 */
import type { PersonalDataKind } from '../../../domain/personal-data.js';
import { maskEmail, maskPhone } from '../../auth/masking.js';

/** The masked form of a value of the given kind. */
export function maskFinding(kind: PersonalDataKind, raw: string): string {
  const digits = raw.replace(/\D/g, '');
  switch (kind) {
    case 'card_number':
      return `XXXX-XXXX-XXXX-${digits.slice(-4)}`;
    case 'aadhaar':
      return `XXXX-XXXX-${digits.slice(-4)}`;
    case 'pan':
      return `XXXXXXXX${raw.slice(-2).toUpperCase()}`;
    case 'phone':
      return maskPhone(digits);
    case 'email':
      return maskEmail(raw);
  }
}

/** A text with every piece of personal data in it replaced by its mask (for row keys). */
export function maskMatches(
  text: string,
  matches: ReadonlyArray<{ kind: PersonalDataKind; start: number; end: number }>,
): string {
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + maskFinding(m.kind, text.slice(m.start, m.end));
    at = m.end;
  }
  return out + text.slice(at);
}
