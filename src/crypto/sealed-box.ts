/**
 * Sealed boxes: anyone holding a public key can encrypt, only the private key opens. For counters
 * and a public web form that must write data they cannot read back, and for backups.
 *
 *   tsb1:<ephemeral X25519 public key>:<nonce>:<ciphertext || tag>   (base64url parts)
 *
 * A fresh X25519 key pair per box; the shared secret goes through HKDF-SHA256 (salt = ephemeral
 * public key || recipient public key) to an AES-256-GCM key.
 */
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import { AeadError, NONCE_BYTES, TAG_BYTES, aesGcmDecrypt, aesGcmEncrypt, encodeFields } from './aead.js';

const PREFIX = 'tsb1';

export interface SealKeyPair {
  /** Raw 32-byte X25519 public key, base64url: safe to hand out. */
  publicKey: string;
  /** Raw 32-byte X25519 private key, base64url: keep it encrypted (KEK or HSM). */
  privateKey: string;
}

export function generateSealKeyPair(): SealKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKey: rawPublic(publicKey), privateKey: rawPrivate(privateKey) };
}

function rawPublic(key: KeyObject): string {
  return String(key.export({ format: 'jwk' }).x);
}

function rawPrivate(key: KeyObject): string {
  return String(key.export({ format: 'jwk' }).d);
}

// DER prefixes of X25519 SubjectPublicKeyInfo and PKCS#8 (RFC 8410) around the raw 32 bytes.
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

function raw32(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== 32) throw new RangeError('X25519 keys are 32 bytes');
  return bytes;
}

export function x25519PublicKey(raw: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw32(raw)]), format: 'der', type: 'spki' });
}

export function x25519PrivateKey(privateRaw: string): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, raw32(privateRaw)]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** The public half of a private key. */
export function publicKeyOf(privateRaw: string): string {
  return rawPublic(createPublicKey(x25519PrivateKey(privateRaw)));
}

/** X25519 shared secret (exported for the RFC 7748 vectors). */
export function x25519(privateRaw: string, publicRaw: string): Buffer {
  return diffieHellman({ privateKey: x25519PrivateKey(privateRaw), publicKey: x25519PublicKey(publicRaw) });
}

function boxKey(shared: Buffer, ephemeralPublic: string, recipientPublic: string): Buffer {
  const salt = Buffer.concat([
    Buffer.from(ephemeralPublic, 'base64url'),
    Buffer.from(recipientPublic, 'base64url'),
  ]);
  return Buffer.from(hkdfSync('sha256', shared, salt, Buffer.from('tijori-sealed-box-v1'), 32));
}

/** Encrypts to the holder of the private key matching `recipientPublicKey`. */
export function seal(recipientPublicKey: string, plaintext: Buffer | string, aad = ''): string {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublic(ephemeral.publicKey);
  const shared = diffieHellman({
    privateKey: ephemeral.privateKey,
    publicKey: x25519PublicKey(recipientPublicKey),
  });
  const key = boxKey(shared, ephemeralPublic, recipientPublicKey);
  const nonce = randomBytes(NONCE_BYTES);
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const { ciphertext, tag } = aesGcmEncrypt(key, nonce, encodeFields([PREFIX, aad]), data);
  key.fill(0);
  shared.fill(0);
  return [
    PREFIX,
    ephemeralPublic,
    nonce.toString('base64url'),
    Buffer.concat([ciphertext, tag]).toString('base64url'),
  ].join(':');
}

/** Opens a sealed box with the recipient's private key; any failure is `decryption_failed`. */
export function open(recipientPrivateKey: string, sealed: string, aad = ''): Buffer {
  const fail = () => new AppError('decryption_failed', 'the sealed box could not be opened');
  const parts = sealed.split(':');
  if (parts.length !== 4 || parts[0] !== PREFIX) throw fail();
  const [, ephemeralPublic = '', nonceText = '', bodyText = ''] = parts;
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw fail();
  try {
    const recipientPublic = publicKeyOf(recipientPrivateKey);
    const shared = diffieHellman({
      privateKey: x25519PrivateKey(recipientPrivateKey),
      publicKey: x25519PublicKey(ephemeralPublic),
    });
    const key = boxKey(shared, ephemeralPublic, recipientPublic);
    return aesGcmDecrypt(
      key,
      nonce,
      encodeFields([PREFIX, aad]),
      body.subarray(0, body.length - TAG_BYTES),
      body.subarray(body.length - TAG_BYTES),
    );
  } catch (error) {
    if (error instanceof AeadError || error instanceof Error) throw fail();
    throw error;
  }
}
