/**
 * The password policy of the baseline: length counted in Unicode code points after NFKC (15
 * without MFA, 8 with it, or the shop's higher minimum; up to 128 allowed, never truncated), no
 * composition rules unless the shop runs in PCI DSS mode, a blocklist of common and breached
 * passwords, context words (shop, user name, email, and always the service's own name and its
 * variants, also when written with look-alike digits and symbols), and a strength estimate. A
 * refusal says why.
 */
import { estimateStrength } from './zxcvbn.js';
import type { PasswordBlocklist } from './password-blocklist.js';

export const MAX_PASSWORD_LENGTH = 128;

export interface PasswordContext {
  /** Whether the account has (or is enrolling) a second factor. */
  hasMfa: boolean;
  /** The shop's own minimum, which can only raise the baseline. */
  shopMinimum?: number;
  pciMode?: boolean;
  /** Shop name, user name, email: words a guesser would try first. */
  contextWords: readonly string[];
}

export type PasswordVerdict =
  | { ok: true }
  | {
      ok: false;
      reason:
        'too_short' | 'too_long' | 'common' | 'contains_context' | 'too_weak' | 'needs_letters_and_digits';
      message: string;
    };

/** The service's own name as people write it: the first word a guesser tries (NIST SP 800-63B). */
export const SERVICE_NAME_WORDS: readonly string[] = [
  'tijori',
  'tijoree',
  'tijouri',
  'tijory',
  'तिजोरी',
  'तिज़ोरी',
];

/** Look-alike characters folded to the letter they stand for (`T1j0r1` is `tijori`). */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '|': 'i',
  '3': 'e',
  '4': 'a',
  '@': 'a',
  '5': 's',
  $: 's',
  '7': 't',
  '+': 't',
  '9': 'g',
};

const foldLookAlikes = (text: string): string => text.replace(/[01!|34@5$7+9]/g, (c) => LOOK_ALIKES[c] ?? c);

function codePoints(value: string): number {
  return [...value].length;
}

/** Words of 4 or more letters from the context, lower-cased (email split at @ and dots). */
function contextTokens(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const word of words) {
    const lower = word.normalize('NFKC').toLowerCase();
    if (lower.length >= 4) out.add(lower.replace(/\s+/g, ''));
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 4) out.add(part);
  }
  return [...out];
}

export function checkPassword(
  raw: string,
  context: PasswordContext,
  blocklist: PasswordBlocklist,
): PasswordVerdict {
  const password = raw.normalize('NFKC');
  const length = codePoints(password);
  const minimum = Math.max(
    context.hasMfa ? 8 : 15,
    context.pciMode === true ? 12 : 0,
    context.shopMinimum ?? 0,
  );
  if (length < minimum)
    return { ok: false, reason: 'too_short', message: `use at least ${String(minimum)} characters` };
  if (length > MAX_PASSWORD_LENGTH)
    return {
      ok: false,
      reason: 'too_long',
      message: `use at most ${String(MAX_PASSWORD_LENGTH)} characters`,
    };
  if (context.pciMode === true && !(/\p{L}/u.test(password) && /\p{N}/u.test(password)))
    return { ok: false, reason: 'needs_letters_and_digits', message: 'use both letters and digits' };
  if (blocklist.has(password))
    return {
      ok: false,
      reason: 'common',
      message: 'this password is on a list of common or breached passwords; choose another',
    };
  const lower = password.toLowerCase().replace(/\s+/g, '');
  const tokens = contextTokens([...context.contextWords, ...SERVICE_NAME_WORDS]);
  const folded = foldLookAlikes(lower);
  if (tokens.some((t) => lower.includes(t) || folded.includes(t)))
    return {
      ok: false,
      reason: 'contains_context',
      message:
        'the password contains the shop name, your name, your email or the name Tijori; choose another',
    };
  if (estimateStrength(password, tokens) < 3)
    return {
      ok: false,
      reason: 'too_weak',
      message: 'this password is easy to guess; a few unrelated words make a strong one',
    };
  return { ok: true };
}
