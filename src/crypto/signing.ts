/**
 * Ed25519 signatures with the installation key: audit checkpoints, issued documents and exported
 * reports are signed so that anyone with the public key can check them offline.
 */
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

/** A signer holding the installation key, as other modules receive it. */
export interface Signer {
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(data: Buffer): Buffer;
}

export function createSigner(pair: SigningKeyPair): Signer {
  const key = createPrivateKey(pair.privateKeyPem);
  return {
    keyId: signingKeyId(pair.publicKeyPem),
    publicKeyPem: pair.publicKeyPem,
    sign: (data) => signBytes(key, data),
  };
}
