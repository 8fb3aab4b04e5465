/**
 * GSTIN validation: the pattern of each registration kind (from the GST portal's API
 * documentation), the check character (base-36 Luhn mod N, never weakened) and a known state
 * code. Reports which kind a GSTIN is, so invoices and returns can treat each right.
 */
import { findState, type StateCode } from './states.js';

/** What a GSTIN identifies. `regular` covers normal, composition and SEZ registrations. */
export type GstinKind = 'regular' | 'government' | 'tcs' | 'tds' | 'uin' | 'nrtp' | 'oidar';

/** Why a GSTIN was refused. */
export type GstinProblem = 'length' | 'pattern' | 'check-character' | 'state-code';

export type GstinResult =
  | { readonly valid: true; readonly gstin: string; readonly kind: GstinKind; readonly stateCode: StateCode }
  | { readonly valid: false; readonly problem: GstinProblem; readonly message: string };

// Order matters: OIDAR is a special case of the overseas (NRTP) shape and must be tried first.
const PATTERNS: readonly (readonly [GstinKind, RegExp])[] = [
  ['regular', /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z][Z1-9ABD-J][0-9A-Z]$/],
  ['government', /^[0-9]{2}[A-Z]{4}[0-9]{5}[A-Z][0-9]Z[0-9]$/],
  ['tcs', /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]C[0-9A-Z]$/],
  ['tds', /^[0-9]{2}[A-Z]{4}[A-Z0-9][0-9]{4}[A-Z][1-9A-Z]D[0-9A-Z]$/],
  ['uin', /^[0-9]{4}[A-Z]{3}[0-9]{5}[UO]N[A-Z0-9]$/],
  ['oidar', /^99[0-9]{2}[A-Z]{3}[0-9]{5}OS[0-9A-Z]$/],
  ['nrtp', /^[0-9]{4}[A-Z]{3}[0-9]{5}NR[0-9A-Z]$/],
];

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The check character for the first 14 characters (GST-FACTS: weights 1,2,1,2..., base 36). */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i += 1) {
    const value = ALPHABET.indexOf(first14.charAt(i));
    if (value < 0) throw new RangeError('GSTIN characters must be digits or capital letters');
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return ALPHABET.charAt((36 - (sum % 36)) % 36);
}

function refuse(problem: GstinProblem, message: string): GstinResult {
  return { valid: false, problem, message };
}

/**
 * Validates a GSTIN (surrounding spaces are trimmed and letters upper-cased first). Legacy state
 * codes 25 and 28 are accepted only with `allowLegacyStateCodes` (historical documents).
 */
export function validateGstin(input: string, options: { allowLegacyStateCodes?: boolean } = {}): GstinResult {
  const gstin = input.trim().toUpperCase();
  if (gstin.length !== 15) return refuse('length', 'a GSTIN has 15 characters');
  const match = PATTERNS.find(([, pattern]) => pattern.test(gstin));
  if (match === undefined) return refuse('pattern', 'this is not the shape of any kind of GSTIN');
  if (gstinCheckCharacter(gstin.slice(0, 14)) !== gstin.charAt(14))
    return refuse('check-character', 'the check character (15th) does not match; check for a typing error');
  const kind = match[0];
  const stateCode = gstin.slice(0, 2);
  // UIN, NRTP and OIDAR registrations carry a state code too (99 for OIDAR, the centre).
  const knownState =
    kind === 'oidar'
      ? stateCode === '99'
      : findState(stateCode, { allowLegacy: options.allowLegacyStateCodes });
  if (knownState === undefined || knownState === false)
    return refuse('state-code', 'the first two digits are not a known state code');
  return { valid: true, gstin, kind, stateCode };
}
