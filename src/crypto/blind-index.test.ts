import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindIndex, chooseIndexBits } from './blind-index.js';
import { normalizeEmail, normalizeGstin, normalizePhone, phoneLast4 } from './normalize.js';

describe('blind index', () => {
  it('chooses a length that leaves between 2 and sqrt(N) rows per index value', () => {
    for (const n of [1_000, 10_000, 100_000, 1_000_000, 10_000_000]) {
      const bits = chooseIndexBits(n);
      const perValue = n / 2 ** bits;
      expect(perValue, `N=${n}`).toBeGreaterThanOrEqual(2);
      expect(perValue, `N=${n}`).toBeLessThanOrEqual(Math.sqrt(n));
    }
    expect(chooseIndexBits(1_000_000)).toBe(18);
  });

  it('is keyed: another tenant key gives another index', () => {
    const a = blindIndex(randomBytes(32), 'phone', '+919876543210', 16);
    const b = blindIndex(randomBytes(32), 'phone', '+919876543210', 16);
    expect(a).toMatch(/^[0-9a-f]{4}$/);
    expect(a).not.toBe(b);
  });

  it('truncates to the requested bits', () => {
    const key = randomBytes(32);
    const index = blindIndex(key, 'email', 'a@b.in', 18);
    expect(index).toHaveLength(5);
    expect(parseInt(index.slice(-1), 16) & 0b0011).toBe(0);
  });

  it('separates kinds with a domain', () => {
    const key = randomBytes(32);
    expect(blindIndex(key, 'phone', 'x', 32)).not.toBe(blindIndex(key, 'email', 'x', 32));
  });

  it('finds the same person typed different ways', () => {
    expect(normalizePhone('98765 43210')).toBe('+919876543210');
    expect(normalizePhone('+91-98765-43210')).toBe('+919876543210');
    expect(normalizePhone('09876543210')).toBe('+919876543210');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(phoneLast4('+91 98765 43210')).toBe('3210');
    expect(normalizeEmail('  Ravi.Kumar@Example.COM ')).toBe('ravi.kumar@example.com');
    expect(normalizeGstin(' 27aaqca8719h1z6 ')).toBe('27AAQCA8719H1Z6');
  });

  it('refuses input that cannot be normalised, naming the field', () => {
    expect(() => normalizePhone('12345')).toThrow(expect.objectContaining({ field: 'phone' }) as Error);
    expect(() => normalizeEmail('not-an-email')).toThrow(
      expect.objectContaining({ field: 'email' }) as Error,
    );
  });
});
