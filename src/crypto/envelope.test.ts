/** What an attacker with the database cannot do with a field envelope. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, decryptField, encryptField, envelopePrefix, parseEnvelope } from './envelope.js';

const key = randomBytes(32);
const ref = { keyId: 'customer_pii', version: 3 };
const place = { tenantId: 'tenant-a', table: 'customers', column: 'phone', rowId: 'row-1' };

describe('field envelope', () => {
  it('round-trips text, including Unicode and empty strings', () => {
    for (const value of ['+919876543210', 'रवि कुमार', '', 'x'.repeat(5000)]) {
      expect(decryptField(key, place, encryptField(key, ref, place, value))).toBe(value);
    }
  });

  it('has the documented format and a fresh nonce every time', () => {
    const a = encryptField(key, ref, place, 'same');
    const b = encryptField(key, ref, place, 'same');
    expect(a).toMatch(/^tj1:customer_pii:3:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(a.startsWith(envelopePrefix('customer_pii', 3))).toBe(true);
    expect(a).not.toBe(b);
    expect(parseEnvelope(a)).toMatchObject({ keyId: 'customer_pii', version: 3 });
  });

  it('cannot be decrypted after flipping any byte', () => {
    const envelope = encryptField(key, ref, place, 'Ravi Kumar, 14 Laxmi Road');
    for (let i = 0; i < envelope.length; i += 1) {
      const code = envelope.charCodeAt(i);
      const flipped = envelope.slice(0, i) + String.fromCharCode(code ^ 1) + envelope.slice(i + 1);
      expect(() => decryptField(key, place, flipped), `byte ${i}`).toThrow(DecryptionError);
    }
  });

  it('cannot be moved to another row, column, table or tenant', () => {
    const envelope = encryptField(key, ref, place, '+919876543210');
    for (const moved of [
      { ...place, rowId: 'row-2' },
      { ...place, column: 'email' },
      { ...place, table: 'suppliers' },
      { ...place, tenantId: 'tenant-b' },
    ]) {
      expect(() => decryptField(key, moved, envelope)).toThrow(DecryptionError);
    }
  });

  it('fails with the wrong key, and the error carries no data', () => {
    const envelope = encryptField(key, ref, place, 'secret-value-123');
    try {
      decryptField(randomBytes(32), place, envelope);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DecryptionError);
      expect(JSON.stringify(error)).not.toContain('secret-value-123');
      expect(String(error)).not.toContain('secret-value-123');
      expect((error as DecryptionError).code).toBe('decryption_failed');
    }
  });

  it('refuses malformed envelopes with the same error', () => {
    for (const bad of [
      '',
      'tj1:',
      'tj1:a:1:b',
      'plain text',
      'tj1:k:0:AAAA:BBBB',
      'tj1:k:1:AAAAAAAAAAAAAAAA:AA',
    ]) {
      expect(() => decryptField(key, place, bad)).toThrow(DecryptionError);
    }
  });

  it('refuses a re-encoded variant of a valid envelope (other alphabet, padding, stray characters)', () => {
    // One whose body has a character that the standard base64 alphabet spells otherwise.
    let good = '';
    while (!/[-_]/.test(good.slice(good.lastIndexOf(':'))))
      good = encryptField(key, ref, place, 'secret-value-123');
    const parts = good.split(':');
    const head = parts.slice(0, 3).join(':');
    const [nonce = '', body = ''] = parts.slice(3);
    expect(decryptField(key, place, `${head}:${nonce}:${body}`)).toBe('secret-value-123');
    const standard = (text: string) => text.replace(/-/g, '+').replace(/_/g, '/');
    for (const bad of [
      `${head}:${nonce}:${body}=`,
      `${head}:${nonce}==:${body}`,
      `${head}:${nonce}:${body.slice(0, 4)} ${body.slice(4)}`,
      `${head}:${nonce}:${body.slice(0, 4)}.${body.slice(4)}`,
      `${head}:${standard(nonce)}:${standard(body)}`,
    ]) {
      expect(() => decryptField(key, place, bad)).toThrow(DecryptionError);
    }
  });
});
