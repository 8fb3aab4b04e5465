/** Random secrets for codes and tokens, from the CSPRNG, with hashing for storage. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const base32Alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';

/** A human-typeable code (Crockford-like base32, no I, L, O, U), `bits` of entropy rounded up. */
export function randomCode(bits: number): string {
  const chars = Math.ceil(bits / 5);
  const bytes = randomBytes(chars);
  let out = '';
  for (const b of bytes) out += base32Alphabet[b & 31];
  return out;
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time comparison of two hex digests (never `===` on secrets). */
export function equalDigests(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
