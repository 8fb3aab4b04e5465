/**
 * TOTP (RFC 6238): SHA-1, 6 digits, 30 s step, a window of one step either side. The caller keeps
 * the last accepted step and passes it in, so each code (and each earlier one) is accepted once.
 */
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_S = 30;

/** A new 160-bit secret in base32 (the baseline's minimum key size). */
export function newTotpSecret(): string {
  return new Secret({ buffer: randomBytes(20).buffer }).base32;
}

export function totpUri(secretBase32: string, label: string, issuer = 'Tijori'): string {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secretBase32),
    period: TOTP_PERIOD_S,
  }).toString();
}

/** The code for a step (for tests and vectors). */
export function totpCodeAt(secretBase32: string, at: Date, digits = 6, algorithm = 'SHA1'): string {
  return new TOTP({
    secret: Secret.fromBase32(secretBase32),
    digits,
    algorithm,
    period: TOTP_PERIOD_S,
  }).generate({
    timestamp: at.getTime(),
  });
}

/**
 * The step the code belongs to when it is valid at `at` (one step of drift) and later than
 * `lastStep`; null otherwise.
 */
export function acceptTotp(secretBase32: string, code: string, at: Date, lastStep: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ secret: Secret.fromBase32(secretBase32), period: TOTP_PERIOD_S });
  const delta = totp.validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(at.getTime() / 1000 / TOTP_PERIOD_S) + delta;
  return step > lastStep ? step : null;
}
