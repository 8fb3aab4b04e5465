import { describe, expect, it } from 'vitest';
import { generateSealKeyPair, open, seal } from './sealed-box.js';

describe('sealed boxes', () => {
  it('the private key opens what the public key sealed', () => {
    const pair = generateSealKeyPair();
    const sealed = seal(pair.publicKey, 'Aadhaar vault reference 42', 'tenant-a');
    expect(sealed).toMatch(/^tsb1:/);
    expect(open(pair.privateKey, sealed, 'tenant-a').toString('utf8')).toBe('Aadhaar vault reference 42');
  });

  it('a counter holding only the public key cannot open what it sealed', () => {
    const owner = generateSealKeyPair();
    const sealed = seal(owner.publicKey, '+919876543210');
    // The only material a counter has is the public key; it is not a private key for this box.
    expect(() => open(owner.publicKey, sealed)).toThrow(
      expect.objectContaining({ code: 'decryption_failed' }) as Error,
    );
    // Nor can another key pair (say, the counter's own) open it.
    const counter = generateSealKeyPair();
    expect(() => open(counter.privateKey, sealed)).toThrow(
      expect.objectContaining({ code: 'decryption_failed' }) as Error,
    );
  });

  it('binds the associated data and detects tampering', () => {
    const pair = generateSealKeyPair();
    const sealed = seal(pair.publicKey, 'x', 'form:privacy-request');
    expect(() => open(pair.privateKey, sealed, 'form:other')).toThrow();
    const tampered = sealed.slice(0, -3) + (sealed.slice(-3, -2) === 'A' ? 'B' : 'A') + sealed.slice(-2);
    expect(() => open(pair.privateKey, tampered, 'form:privacy-request')).toThrow();
  });

  it('uses a fresh ephemeral key per box', () => {
    const pair = generateSealKeyPair();
    expect(seal(pair.publicKey, 'same').split(':')[1]).not.toBe(seal(pair.publicKey, 'same').split(':')[1]);
  });
});
