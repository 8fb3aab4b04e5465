/**
 * Domain-separated KEK use (issue 24, item 8): a v1 KEK (never rotated: it also roots the derived
 * secrets) is an HKDF input only. Data keys are wrapped under its `wrap` subkey (`kw2`), never
 * under the KEK itself; the derived secrets keep their labels and values, so passwords and sign-in
 * survive; wrappings made directly under the KEK by earlier versions (`kw1`) still open.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AeadError, NONCE_BYTES, aesGcmDecrypt, aesGcmEncrypt, encodeFields } from './aead.js';
import {
  createSoftwareProvider,
  isCurrentWrap,
  kekFingerprint,
  kekSubkey,
  parseWrapped,
} from './key-provider.js';

const kek = randomBytes(32);
const kekId = kekFingerprint(kek);
const provider = createSoftwareProvider('file', kek);
const dataKey = randomBytes(32);
const context = 't-1/customer_pii/1';

/** What an earlier version wrote: AES-256-GCM directly under the KEK. */
function legacyWrap(): string {
  const nonce = randomBytes(NONCE_BYTES);
  const aad = encodeFields(['tijori-dek-v1', kekId, context]);
  const { ciphertext, tag } = aesGcmEncrypt(kek, nonce, aad, dataKey);
  return `kw1:${kekId}:${nonce.toString('base64url')}:${Buffer.concat([ciphertext, tag]).toString('base64url')}`;
}

describe('a v1 KEK is only an HKDF input', () => {
  it('wraps under its wrap subkey: the KEK itself used as an AES key opens nothing', async () => {
    const wrapped = await provider.wrapKey(dataKey, context);
    const parsed = parseWrapped(wrapped);
    expect(parsed.format).toBe('kw2');
    const aad = encodeFields(['tijori-dek-v1', kekId, context]);
    expect(() => aesGcmDecrypt(kek, parsed.nonce, aad, parsed.ciphertext, parsed.tag)).toThrow(AeadError);
    expect(
      aesGcmDecrypt(kekSubkey(kek, 'wrap'), parsed.nonce, aad, parsed.ciphertext, parsed.tag).equals(dataKey),
    ).toBe(true);
    expect((await provider.unwrapKey(wrapped, context)).equals(dataKey)).toBe(true);
    expect(isCurrentWrap(wrapped, provider)).toBe(true);
  });

  it('old data still opens: a kw1 wrapping made under the KEK unwraps, and is marked for re-wrapping', async () => {
    const old = legacyWrap();
    expect((await provider.unwrapKey(old, context)).equals(dataKey)).toBe(true);
    expect(isCurrentWrap(old, provider)).toBe(false);
    // A kw1 wrapping relabelled kw2 (or the other way round) does not open.
    await expect(provider.unwrapKey(old.replace(/^kw1:/, 'kw2:'), context)).rejects.toMatchObject({
      code: 'key_unavailable',
    });
    const current = await provider.wrapKey(dataKey, context);
    await expect(provider.unwrapKey(current.replace(/^kw2:/, 'kw1:'), context)).rejects.toMatchObject({
      code: 'key_unavailable',
    });
  });

  it('derived secrets keep their labels and values (passwords and sign-in survive) and differ from the wrap subkey', async () => {
    const expected = (purpose: string) =>
      Buffer.from(hkdfSync('sha256', kek, Buffer.from('tijori-derived-secret-v1'), Buffer.from(purpose), 32));
    const wrapKey = kekSubkey(kek, 'wrap');
    const seen = new Set([wrapKey.toString('hex'), kek.toString('hex')]);
    for (const purpose of ['password-pepper', 'login-index', 'privacy-otp']) {
      const secret = await provider.deriveSecret(purpose);
      expect(secret.equals(expected(purpose))).toBe(true);
      expect(seen.has(secret.toString('hex'))).toBe(false);
      seen.add(secret.toString('hex'));
    }
    // The wrap label cannot be reached as a derived secret (different salt).
    expect((await provider.deriveSecret('wrap')).equals(wrapKey)).toBe(false);
  });
});
