/**
 * Key-encryption key (KEK) providers. A provider wraps and unwraps data keys and derives the
 * password pepper; the KEK itself never leaves it (for the HSM provider, not even into this
 * process). Wrapped keys are text: `kw2:<kekId>:<nonce>:<ciphertext || tag>`, AES-256-GCM with
 * associated data naming the KEK and the key's place (tenant/series/version).
 *
 * Domain separation (issue 24, item 8): a software KEK is never used directly as an AES key. It is
 * the input keying material of HKDF-SHA256, which gives one subkey per use with distinct labels:
 * `wrap` (the key that wraps data keys, format `kw2`) and, for a KEK that was never rotated, the
 * derived secrets (`tijori-derived-secret-v1` salt, one info label per purpose). `kw1` wrappings,
 * made directly under the KEK by earlier versions (and by the HSM, whose key never leaves it), still
 * unwrap; every re-wrap (KEK rotation, `rewrapLegacyWrappings`) writes `kw2`.
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

/** Wrapped directly under the KEK (earlier versions; the HSM provider). */
export const LEGACY_WRAP_PREFIX = 'kw1';
/** Wrapped under the KEK's HKDF `wrap` subkey (software providers). */
export const WRAP_PREFIX = 'kw2';

/** The subkey of a software KEK for one use; the KEK itself only ever feeds HKDF. */
export function kekSubkey(kek: Buffer, use: 'wrap'): Buffer {
  return Buffer.from(
    hkdfSync('sha256', kek, Buffer.from('tijori-kek-subkey-v1'), Buffer.from(use, 'utf8'), 32),
  );
}

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

/** Software wrapping with a KEK held in this process (file and environment providers), under its wrap subkey. */
export function softwareWrap(kek: Buffer, kekId: string, dataKey: Buffer, context: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const wrapKey = kekSubkey(kek, 'wrap');
  const { ciphertext, tag } = aesGcmEncrypt(wrapKey, nonce, wrapAad(kekId, context), dataKey);
  wrapKey.fill(0);
  return `${WRAP_PREFIX}:${kekId}:${nonce.toString('base64url')}:${Buffer.concat([ciphertext, tag]).toString('base64url')}`;
}

export interface ParsedWrapped {
  /** `kw2` (under the wrap subkey) or `kw1` (directly under the KEK). */
  format: typeof WRAP_PREFIX | typeof LEGACY_WRAP_PREFIX;
  kekId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function parseWrapped(wrapped: string): ParsedWrapped {
  const parts = wrapped.split(':');
  const format = parts[0];
  if (parts.length !== 4 || (format !== WRAP_PREFIX && format !== LEGACY_WRAP_PREFIX))
    throw new KeyProviderError('a wrapped data key is malformed');
  const nonce = Buffer.from(parts[2] ?? '', 'base64url');
  const body = Buffer.from(parts[3] ?? '', 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length <= TAG_BYTES)
    throw new KeyProviderError('a wrapped data key is malformed');
  return {
    format,
    kekId: parts[1] ?? '',
    nonce,
    ciphertext: body.subarray(0, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

/**
 * Whether `wrapped` is already as `target` would wrap it today: by its KEK and, for software
 * providers, under the wrap subkey (`kw2`). Anything else is re-wrapped by a rotation or by the
 * start-up upgrade of `kw1` wrappings.
 */
export function isCurrentWrap(wrapped: string, target: Pick<KeyProvider, 'kekId' | 'name'>): boolean {
  const parts = wrapped.split(':');
  if (parts[1] !== target.kekId) return false;
  return target.name === 'pkcs11' || parts[0] === WRAP_PREFIX;
}

export function softwareUnwrap(kek: Buffer, kekId: string, wrapped: string, context: string): Buffer {
  const parsed = parseWrapped(wrapped);
  if (parsed.kekId !== kekId) {
    throw new KeyProviderError(
      'this data key was wrapped by a different key-encryption key (check the KEK file or TIJORI_KEK)',
    );
  }
  const key = parsed.format === WRAP_PREFIX ? kekSubkey(kek, 'wrap') : kek;
  try {
    return aesGcmDecrypt(key, parsed.nonce, wrapAad(kekId, context), parsed.ciphertext, parsed.tag);
  } catch (error) {
    if (error instanceof AeadError)
      throw new KeyProviderError('a data key failed to unwrap: it was altered or moved');
    throw error;
  } finally {
    if (key !== kek) key.fill(0);
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
