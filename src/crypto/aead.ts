/**
 * AES-256-GCM, the one AEAD Tijori uses for data at rest, wrapped keys and backups. Thin over
 * node:crypto so the published test vectors run through exactly the code the product uses.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/** Why decryption failed, without data: the caller maps this to its own error. */
export class AeadError extends Error {
  constructor() {
    super('authenticated decryption failed');
    this.name = 'AeadError';
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError('AES-256-GCM needs a 32-byte key');
}

/** Encrypts; returns ciphertext and the 16-byte tag. */
export function aesGcmEncrypt(
  key: Buffer,
  nonce: Buffer,
  aad: Buffer,
  plaintext: Buffer,
): { ciphertext: Buffer; tag: Buffer } {
  checkKey(key);
  if (nonce.length !== NONCE_BYTES) throw new RangeError('AES-GCM nonces are 12 bytes here');
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  // GCM is a stream mode: update() returns all of the ciphertext and final() nothing.
  const ciphertext = cipher.update(plaintext);
  cipher.final();
  return { ciphertext, tag: cipher.getAuthTag() };
}

/** Decrypts and verifies; throws AeadError on any mismatch (key, nonce, data, tag). */
export function aesGcmDecrypt(
  key: Buffer,
  nonce: Buffer,
  aad: Buffer,
  ciphertext: Buffer,
  tag: Buffer,
): Buffer {
  checkKey(key);
  if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) throw new AeadError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    // As in encryption, update() returns all of the plaintext; final() only checks the tag.
    const plaintext = decipher.update(ciphertext);
    decipher.final();
    return plaintext;
  } catch {
    throw new AeadError();
  }
}

/** Length-prefixed concatenation: an unambiguous encoding of several fields for associated data. */
export function encodeFields(fields: readonly (string | Buffer)[]): Buffer {
  // One allocation: this runs for every encrypted value read or written.
  let size = 0;
  for (const field of fields)
    size += 4 + (typeof field === 'string' ? Buffer.byteLength(field, 'utf8') : field.length);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const field of fields) {
    const length = typeof field === 'string' ? out.write(field, at + 4, 'utf8') : field.copy(out, at + 4);
    out.writeUInt32BE(length, at);
    at += 4 + length;
  }
  return out;
}
