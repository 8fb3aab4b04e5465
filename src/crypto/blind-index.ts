/**
 * Blind indexes: a keyed hash (HMAC-SHA256 with a per-tenant index key, never a bare hash) of a
 * normalised value, truncated so that each index value matches several rows. Equality lookups
 * fetch the few candidates and decrypt them; the truncation means the index alone does not pin
 * down one person (see docs/security.md for what it leaks).
 */
import { createHmac } from 'node:crypto';

/** HMAC-SHA256; exported so the RFC 4231 vectors run through the product's code path. */
export function hmacSha256(key: Buffer, message: Buffer): Buffer {
  return createHmac('sha256', key).update(message).digest();
}

/**
 * Index length by CipherSweet's planning rule: with N expected rows and L bits, each index value
 * covers about N / 2^L rows. Keep that between 2 (so a value never singles out one row) and
 * sqrt(N) (so a lookup stays cheap): L = floor(log2(N / 2)), and at least ceil(log2(sqrt(N))).
 * Bounded to 8..32 bits.
 */
export function chooseIndexBits(expectedRows: number): number {
  const n = Math.max(16, Math.floor(expectedRows));
  const most = Math.floor(Math.log2(n / 2));
  const least = Math.ceil(Math.log2(Math.sqrt(n)));
  return Math.min(32, Math.max(8, Math.max(least, most)));
}

/** The truncated index of `normalized` as lowercase hex (bits rounded up to whole hex digits). */
export function blindIndex(key: Buffer, domain: string, normalized: string, bits: number): string {
  if (!Number.isInteger(bits) || bits < 4 || bits > 256) throw new RangeError('index bits must be 4..256');
  // The domain separates kinds (phone, email...) even if a key were ever shared.
  const mac = hmacSha256(key, Buffer.from(`${domain}\u0000${normalized}`, 'utf8'));
  const hexDigits = Math.ceil(bits / 4);
  const hex = mac.toString('hex').slice(0, hexDigits);
  const spare = hexDigits * 4 - bits;
  if (spare === 0) return hex;
  // Clear the bits beyond `bits` in the last digit.
  const last = parseInt(hex.slice(-1), 16) & (0xf << spare) & 0xf;
  return hex.slice(0, -1) + last.toString(16);
}

/**
 * The first `bits` (0..32) bits of HMAC-SHA256(key, domain NUL normalized), as a number below
 * 2^bits (0 when `bits` is 0: every value falls in one bucket).
 */
export function leadingIndexBits(key: Buffer, domain: string, normalized: string, bits: number): number {
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw new RangeError('index bits must be 0..32');
  if (bits === 0) return 0;
  const mac = hmacSha256(key, Buffer.from(`${domain}\u0000${normalized}`, 'utf8'));
  return Math.floor(mac.readUInt32BE(0) / 2 ** (32 - bits));
}

/** A number below 2^bits as lowercase hex of ceil(bits / 4) digits ('' for 0 bits). */
export function bitsAsHex(value: number, bits: number): string {
  return bits === 0 ? '' : value.toString(16).padStart(Math.ceil(bits / 4), '0');
}
