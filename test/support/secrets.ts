/**
 * For "stores only a hash" tests: the SHA-256 a secret must be stored as (computed here, not by
 * the product's helper), and every plain encoding of the secret that must appear nowhere.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';

export const sha256HexOf = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** The secret as typed, and its bytes (as text and as decoded base64url) in hex, base64 and base64url. */
export function encodingsOf(secret: string): string[] {
  const forms = new Set<string>([secret]);
  for (const bytes of [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'base64url')])
    if (bytes.length >= 8)
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        const text = bytes.toString(encoding);
        forms.add(text);
        if (encoding === 'hex') forms.add(text.toUpperCase());
        // Drop padding and a trailing partial group so a substring still matches.
        else forms.add(text.replace(/=+$/, '').slice(0, -2));
      }
  return [...forms];
}

/** The stored row holds the expected hash of the secret and no encoding of the secret itself. */
export function expectStoredOnlyAsHash(row: unknown, hashField: string, secret: string): void {
  expect((row as Record<string, unknown>)[hashField]).toBe(sha256HexOf(secret));
  const stored = JSON.stringify(row);
  for (const form of encodingsOf(secret))
    expect(stored, `an encoding of the secret: ${form}`).not.toContain(form);
}
