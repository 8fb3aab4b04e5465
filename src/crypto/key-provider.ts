/**
 * Key-encryption key (KEK) providers. A provider wraps and unwraps data keys and derives the
 * password pepper; the KEK itself never leaves it (for the HSM provider, not even into this
 * process). Wrapped keys are text: `kw1:<kekId>:<nonce>:<ciphertext || tag>`, AES-256-GCM with
 * associated data naming the KEK and the key's place (tenant/series/version).
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import { AeadError, NONCE_BYTES, TAG_BYTES, aesGcmDecrypt, aesGcmEncrypt, encodeFields } from './aead.js';

export interface KeyProvider {
  /** `file`, `env` or `pkcs11`. */
  readonly name: string;
  /** A fingerprint of the KEK (not secret), recorded beside every wrapped key. */
  readonly kekId: string;
  /** Wraps a data key; `context` names its place and must be given again to unwrap. */
  wrapKey(dataKey: Buffer, context: string): Promise<string>;
  unwrapKey(wrapped: string, context: string): Promise<Buffer>;
  /** A stable secret for `purpose` (the password pepper, installation index keys), from the KEK. */
  deriveSecret(purpose: string): Promise<Buffer>;
  describe(): { provider: string; kekId: string; algorithm: string };
  close(): Promise<void>;
}

/** The KEK cannot be used: missing, malformed, wrong permissions, or not the one that wrapped. */
export class KeyProviderError extends AppError {
  constructor(message: string) {
    super('key_unavailable', message);
    this.name = 'KeyProviderError';
  }
}

const WRAP_PREFIX = 'kw1';

/** The KEK fingerprint: a keyed digest of a fixed label, so it reveals nothing about the key. */
export function kekFingerprint(kek: Buffer): string {
  return createHash('sha256')
    .update(createHmac('sha256', kek).update('tijori-kek-id').digest())
    .digest('hex')
    .slice(0, 16);
}

function wrapAad(kekId: string, context: string): Buffer {
  return encodeFields(['tijori-dek-v1', kekId, context]);
}

/** Software wrapping with a KEK held in this process (file and environment providers). */
export function softwareWrap(kek: Buffer, kekId: string, dataKey: Buffer, context: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const { ciphertext, tag } = aesGcmEncrypt(kek, nonce, wrapAad(kekId, context), dataKey);
  return `${WRAP_PREFIX}:${kekId}:${nonce.toString('base64url')}:${Buffer.concat([ciphertext, tag]).toString('base64url')}`;
}

export interface ParsedWrapped {
  kekId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function parseWrapped(wrapped: string): ParsedWrapped {
  const parts = wrapped.split(':');
  if (parts.length !== 4 || parts[0] !== WRAP_PREFIX)
    throw new KeyProviderError('a wrapped data key is malformed');
  const nonce = Buffer.from(parts[2] ?? '', 'base64url');
  const body = Buffer.from(parts[3] ?? '', 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length <= TAG_BYTES)
    throw new KeyProviderError('a wrapped data key is malformed');
  return {
    kekId: parts[1] ?? '',
    nonce,
    ciphertext: body.subarray(0, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

export function softwareUnwrap(kek: Buffer, kekId: string, wrapped: string, context: string): Buffer {
  const parsed = parseWrapped(wrapped);
  if (parsed.kekId !== kekId) {
    throw new KeyProviderError(
      'this data key was wrapped by a different key-encryption key (check the KEK file or TIJORI_KEK)',
    );
  }
  try {
    return aesGcmDecrypt(kek, parsed.nonce, wrapAad(kekId, context), parsed.ciphertext, parsed.tag);
  } catch (error) {
    if (error instanceof AeadError)
      throw new KeyProviderError('a data key failed to unwrap: it was altered or moved');
    throw error;
  }
}

/** HKDF-SHA256 from the KEK, one derived secret per purpose. */
export function softwareDerive(kek: Buffer, purpose: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', kek, Buffer.from('tijori-derived-secret-v1'), Buffer.from(purpose, 'utf8'), 32),
  );
}

/**
 * A provider whose KEK is a 32-byte secret in this process's memory. Derived secrets (the
 * password pepper, the login index key) come from `deriveRoot`, which is the KEK itself for an
 * installation whose KEK was never rotated: a KEK rotation replaces the wrapping key and keeps the
 * derivation root, so passwords and sign-in keep working (ADR 0010).
 */
export function createSoftwareProvider(name: string, kek: Buffer, deriveRoot: Buffer = kek): KeyProvider {
  if (kek.length !== 32 || deriveRoot.length !== 32)
    throw new KeyProviderError('the key-encryption key must be exactly 32 bytes');
  const secret = Buffer.from(kek);
  const root = Buffer.from(deriveRoot);
  const kekId = kekFingerprint(secret);
  const provider: KeyProvider = {
    name,
    kekId,
    // async so that every failure arrives as a rejection, never a synchronous throw.
    wrapKey: async (dataKey, context) => softwareWrap(secret, kekId, dataKey, context),
    unwrapKey: async (wrapped, context) => softwareUnwrap(secret, kekId, wrapped, context),
    deriveSecret: async (purpose) => softwareDerive(root, purpose),
    describe: () => ({ provider: name, kekId, algorithm: 'AES-256-GCM key wrap' }),
    close: () => {
      secret.fill(0);
      root.fill(0);
      return Promise.resolve();
    },
  };
  // Printing the provider never shows the key.
  Object.defineProperty(provider, 'toJSON', { value: () => ({ provider: name, kekId }), enumerable: false });
  return provider;
}
