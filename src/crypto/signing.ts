/**
 * Ed25519 signatures with the installation key: backups, audit checkpoints, issued documents,
 * erasure certificates and self-audit reports are signed so that anyone with the public key can
 * check them offline. Every signed message is type-tagged (issue 24): the key signs
 * `encodeFields(['tijori-signed-message-v2', kind, message])` (each field a 4-byte big-endian
 * length and its bytes), so a signature made for one kind never verifies as another. Signatures
 * made before the tag (documents on printed bills, stored checkpoints, certificates, backups) still
 * verify through each kind's own legacy check, which only accepts bytes of that kind's own format.
 */
import { encodeFields } from './aead.js';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export interface SigningKeyPair {
  /** PKCS#8 PEM; keep it encrypted at rest. */
  privateKeyPem: string;
  /** SPKI PEM, safe to publish. */
  publicKeyPem: string;
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** The raw 32-byte public key, base64. */
export function rawPublicKey(publicKeyPem: string): string {
  return Buffer.from(String(createPublicKey(publicKeyPem).export({ format: 'jwk' }).x), 'base64url').toString(
    'base64',
  );
}

/** A short stable id of a public key: the first 16 hex digits of SHA-256 over its raw bytes. */
export function signingKeyId(publicKeyPem: string): string {
  return createHash('sha256')
    .update(Buffer.from(rawPublicKey(publicKeyPem), 'base64'))
    .digest('hex')
    .slice(0, 16);
}

/** Every kind of message the installation key signs. */
export const SIGNED_KINDS = [
  'backup',
  'document',
  'audit-checkpoint',
  'erasure-certificate',
  'security-audit-report',
  'security-audit-file',
] as const;
export type SignedKind = (typeof SIGNED_KINDS)[number];

const TAG = 'tijori-signed-message-v2';

/** The bytes actually signed for a message of `kind`: the tag, the kind, the message. */
export function taggedMessage(kind: SignedKind, message: Buffer): Buffer {
  return encodeFields([TAG, kind, message]);
}

/**
 * Verifies a type-tagged signature of `kind` over `message`. `legacy`, where a kind has
 * signatures from before the tag that must still verify, is given the untagged bytes: it returns
 * them when they are unmistakably a message of that kind (its own format), otherwise undefined.
 */
export function verifyTagged(
  kind: SignedKind,
  publicKeyPem: string,
  message: Buffer,
  signature: Buffer,
  legacy?: (message: Buffer) => Buffer | undefined,
): boolean {
  if (verifyBytes(publicKeyPem, taggedMessage(kind, message), signature)) return true;
  const old = legacy?.(message);
  return old !== undefined && verifyBytes(publicKeyPem, old, signature);
}

/** Signs bytes with an Ed25519 private key (PEM or KeyObject); returns the 64-byte signature. */
export function signBytes(privateKey: string | KeyObject, data: Buffer): Buffer {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return sign(null, data, key);
}

/** Verifies an Ed25519 signature; false on any problem (never throws on bad input). */
export function verifyBytes(publicKeyPem: string, data: Buffer, signature: Buffer): boolean {
  try {
    return signature.length === 64 && verify(null, data, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}

/** A signer holding the installation key, as other modules receive it: it signs tagged messages only. */
export interface Signer {
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(kind: SignedKind, data: Buffer): Buffer;
}

export function createSigner(pair: SigningKeyPair): Signer {
  const key = createPrivateKey(pair.privateKeyPem);
  return {
    keyId: signingKeyId(pair.publicKeyPem),
    publicKeyPem: pair.publicKeyPem,
    sign: (kind, data) => signBytes(key, taggedMessage(kind, data)),
  };
}
