/**
 * Log redaction. Two nets: values under sensitive keys are replaced whole, and every remaining
 * string is scrubbed of things that look like personal data (email, phone, GSTIN, PAN, Aadhaar,
 * card numbers) or bearer secrets. Logs must never hold personal data or credentials.
 */

export const REDACTED = '[redacted]';

// Keys compared after lowercasing and removing `_`, `-` and spaces.
const sensitiveSuffixes = [
  'password',
  'passphrase',
  'passwd',
  'secret',
  'token',
  'cookie',
  'authorization',
  'apikey',
  'phone',
  'mobile',
  'email',
  'address',
  'gstin',
  'pan',
  'aadhaar',
  'cardnumber',
  'pin',
  'otp',
  'totp',
  'code',
  'kek',
  'pepper',
  'name',
];
// Keys that end like a sensitive one but only ever hold technical values.
const safeKeys = new Set([
  'hostname',
  'pathname',
  'servername',
  'routename',
  'migrationname',
  'statuscode',
  'errorcode',
  'code',
  'type',
  'engine',
  'name',
]);
// `code` and `name` are safe only at the top of an error object; nested under a body they are not.
const alwaysSensitive = new Set([
  'setupcode',
  'recoverycode',
  'customername',
  'fullname',
  'displayname',
  'legalname',
]);

function isSensitiveKey(key: string, depth: number, inError: boolean): boolean {
  const k = key.toLowerCase().replace(/[_\-\s]/g, '');
  if (alwaysSensitive.has(k)) return true;
  if (safeKeys.has(k) && (k !== 'code' && k !== 'name' ? true : inError || depth === 0)) return false;
  return sensitiveSuffixes.some((suffix) => k.endsWith(suffix));
}

const scrubbers: ReadonlyArray<readonly [RegExp, string]> = [
  // Bearer and cookie-style secrets.
  [/(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, REDACTED],
  // GSTIN, then PAN (GSTIN contains a PAN).
  [/\b\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]{3}\b/gi, REDACTED],
  [/\b[A-Z]{5}\d{4}[A-Z]\b/gi, REDACTED],
  // Card numbers (13-19 digits) and Aadhaar numbers (12 digits), with optional spaces or dashes.
  [/\b(?:\d[ -]?){11,18}\d\b/g, REDACTED],
  // Indian mobile numbers with optional +91 / 0 prefix and separators.
  [/(?:\+?91[\s-]?|\b0)?\b[6-9]\d{4}[\s-]?\d{5}\b/g, REDACTED],
];

/** Removes personal data and secrets from free text. */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of scrubbers) out = out.replace(pattern, replacement);
  return out;
}

/** Returns a deep copy with sensitive keys replaced and all strings scrubbed. */
export function redactValue(
  value: unknown,
  depth = 0,
  inError = false,
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth > 8) return '[truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, inError, seen));
  if (Buffer.isBuffer(value)) return '[binary]';
  const isError = value instanceof Error || inError;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSensitiveKey(key, depth, isError) ? REDACTED : redactValue(v, depth + 1, false, seen);
  }
  return out;
}

/** Replaces top-level sensitive keys of a log object, leaving serializer-owned keys alone. */
export function redactKeys(object: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(object)) {
    if (key !== 'req' && key !== 'res' && key !== 'err' && key !== 'msg' && isSensitiveKey(key, 1, false)) {
      object[key] = REDACTED;
    }
  }
  return object;
}
