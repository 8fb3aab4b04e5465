/**
 * How an export package rests in the database (issue 24, item 2). The package (already a zip
 * encrypted for the customer, or an OpenPGP message to their key) is sealed with AES-256-GCM under
 * a random package key, bound to its tenant and export id. The package key is:
 * - for a password package, wrapped under a key derived from the requester's password with
 *   argon2id at RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes, 128-bit salt,
 *   256-bit key), so a copy of the database or of a backup costs an attacker an argon2id per guess
 *   rather than the zip's PBKDF2-SHA1 at 1,000 iterations;
 * - for an OpenPGP package, kept as is: the package itself only opens with the customer's
 *   private key (their verified channel);
 * and in both cases stored inside a field-cipher envelope under the customer's own key, so
 * erasing the customer (and, after the grace period, its erasure epoch) shreds it everywhere.
 * The export service wipes the key and the package at the first download or at expiry.
 */
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import {
  AeadError,
  NONCE_BYTES,
  TAG_BYTES,
  aesGcmDecrypt,
  aesGcmEncrypt,
  encodeFields,
} from '../../crypto/aead.js';
import { AppError, invalid } from '../../domain/app-error.js';

/** RFC 9106 section 4, second recommended option (the first needs 2 GiB). */
export const EXPORT_KDF = { memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

export interface ExportPlace {
  tenantId: string;
  exportId: string;
}

export interface SealedPackage {
  /** Nonce, ciphertext and tag of the package under the package key. */
  sealed: Buffer;
  /** What goes into the customer's envelope: the package key, wrapped for a password package. */
  keyMaterial: string;
  /** The argon2id parameters and salt, or null (OpenPGP). */
  kdf: string | null;
}

const aad = (place: ExportPlace, what: string) =>
  encodeFields(['tijori-export-package-v2', what, place.tenantId, place.exportId]);

function seal(key: Buffer, plaintext: Buffer, associated: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const { ciphertext, tag } = aesGcmEncrypt(key, nonce, associated, plaintext);
  return Buffer.concat([nonce, ciphertext, tag]);
}

function unseal(key: Buffer, box: Buffer, associated: Buffer): Buffer {
  if (box.length < NONCE_BYTES + TAG_BYTES) throw new AeadError();
  return aesGcmDecrypt(
    key,
    box.subarray(0, NONCE_BYTES),
    associated,
    box.subarray(NONCE_BYTES, box.length - TAG_BYTES),
    box.subarray(box.length - TAG_BYTES),
  );
}

function formatKdf(salt: Buffer): string {
  const { memoryCost, timeCost, parallelism } = EXPORT_KDF;
  return `argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$${salt.toString('base64')}`;
}

function parseKdf(kdf: string): { memoryCost: number; timeCost: number; parallelism: number; salt: Buffer } {
  const match = /^argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]{1,64})$/.exec(kdf);
  const salt = Buffer.from(match?.[4] ?? '', 'base64');
  if (match === null || salt.length !== SALT_BYTES)
    throw new AppError('decryption_failed', 'this export package cannot be opened');
  return { memoryCost: Number(match[1]), timeCost: Number(match[2]), parallelism: Number(match[3]), salt };
}

async function passwordKey(
  password: string,
  params: { memoryCost: number; timeCost: number; parallelism: number; salt: Buffer },
): Promise<Buffer> {
  return argon2.hash(password.normalize('NFKC'), {
    type: argon2.argon2id,
    raw: true,
    hashLength: KEY_BYTES,
    salt: params.salt,
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  });
}

/** Seals a package under a fresh package key; for a password package, the key under argon2id of it. */
export async function sealPackage(
  bytes: Buffer,
  place: ExportPlace,
  password: string | undefined,
): Promise<SealedPackage> {
  const packageKey = randomBytes(KEY_BYTES);
  try {
    const sealed = seal(packageKey, bytes, aad(place, 'package'));
    if (password === undefined) return { sealed, keyMaterial: packageKey.toString('base64'), kdf: null };
    const salt = randomBytes(SALT_BYTES);
    const wrapKey = await passwordKey(password, { ...EXPORT_KDF, salt });
    try {
      const wrapped = seal(wrapKey, packageKey, aad(place, 'package-key'));
      return { sealed, keyMaterial: wrapped.toString('base64'), kdf: formatKdf(salt) };
    } finally {
      wrapKey.fill(0);
    }
  } finally {
    packageKey.fill(0);
  }
}

/**
 * Opens a sealed package with the key material from the customer's envelope and, for a password
 * package, the password (a wrong or missing one is refused naming the field).
 */
export async function openPackage(
  stored: { sealed: Buffer; keyMaterial: string; kdf: string | null },
  place: ExportPlace,
  password: string | undefined,
): Promise<Buffer> {
  let packageKey: Buffer;
  const material = Buffer.from(stored.keyMaterial, 'base64');
  if (stored.kdf === null) packageKey = material;
  else {
    if (password === undefined || password === '')
      throw invalid('password', 'give the password this export was made with');
    const wrapKey = await passwordKey(password, parseKdf(stored.kdf));
    try {
      packageKey = unseal(wrapKey, material, aad(place, 'package-key'));
    } catch (error) {
      if (error instanceof AeadError)
        throw invalid('password', 'this is not the password this export was made with');
      throw error;
    } finally {
      wrapKey.fill(0);
    }
  }
  try {
    return unseal(packageKey, stored.sealed, aad(place, 'package'));
  } catch (error) {
    if (error instanceof AeadError)
      throw new AppError('decryption_failed', 'this export package cannot be opened');
    throw error;
  } finally {
    packageKey.fill(0);
  }
}
