/**
 * The field envelope: one encrypted value as text, so it fits a TEXT column on both engines and a
 * scanner can recognise it.
 *
 *   tj1:<keyId>:<keyVersion>:<nonce, base64url>:<ciphertext || tag, base64url>
 *
 * AES-256-GCM with a fresh 96-bit random nonce per value. The associated data binds the value to
 * its tenant, table, column and row, and to the key id and version in the header, so a value
 * copied to another place, or a header edited, fails to decrypt.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../domain/app-error.js';
import { AeadError, NONCE_BYTES, TAG_BYTES, aesGcmDecrypt, aesGcmEncrypt, encodeFields } from './aead.js';

export const ENVELOPE_PREFIX = 'tj1:';

/** Where a value lives; bound into the associated data. */
export interface FieldAad {
  readonly tenantId: string;
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
}

export interface KeyRef {
  readonly keyId: string;
  readonly version: number;
}

/** A value that cannot be decrypted (tampered, moved, wrong key, malformed). Carries no data. */
export class DecryptionError extends AppError {
  constructor(reason = 'invalid') {
    super('decryption_failed', 'an encrypted value could not be decrypted', undefined, { reason });
    this.name = 'DecryptionError';
  }
}

const keyIdPattern = /^[A-Za-z0-9_-]{1,80}$/;
const versionPattern = /^[1-9][0-9]{0,8}$/;

function fieldAad(aad: FieldAad, ref: KeyRef): Buffer {
  return encodeFields([
    'tijori-field-v1',
    aad.tenantId,
    aad.table,
    aad.column,
    aad.rowId,
    ref.keyId,
    String(ref.version),
  ]);
}

/** The envelope prefix of a key series, or of one version (`tj1:<keyId>:` / `tj1:<keyId>:<v>:`). */
export function envelopePrefix(keyId: string, version?: number): string {
  return version === undefined ? `${ENVELOPE_PREFIX}${keyId}:` : `${ENVELOPE_PREFIX}${keyId}:${version}:`;
}

/** Encrypts a text value under `key` for the given place. */
export function encryptField(key: Buffer, ref: KeyRef, aad: FieldAad, plaintext: string): string {
  if (!keyIdPattern.test(ref.keyId) || !Number.isInteger(ref.version) || ref.version < 1) {
    throw new RangeError('invalid key reference');
  }
  const nonce = randomBytes(NONCE_BYTES);
  const { ciphertext, tag } = aesGcmEncrypt(key, nonce, fieldAad(aad, ref), Buffer.from(plaintext, 'utf8'));
  return `${envelopePrefix(ref.keyId, ref.version)}${nonce.toString('base64url')}:${Buffer.concat([ciphertext, tag]).toString('base64url')}`;
}

export interface ParsedEnvelope extends KeyRef {
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/** Splits an envelope into its parts; throws DecryptionError when it is malformed. */
export function parseEnvelope(envelope: string): ParsedEnvelope {
  const parts = envelope.split(':');
  if (parts.length !== 5 || `${parts[0]}:` !== ENVELOPE_PREFIX) throw new DecryptionError('malformed');
  const [, keyId = '', versionText = '', nonceText = '', bodyText = ''] = parts;
  if (!keyIdPattern.test(keyId) || !versionPattern.test(versionText)) throw new DecryptionError('malformed');
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  // Canonical base64url only: a re-encoded variant of the same bytes is a modified envelope. The
  // decoder skips characters outside the alphabet, so this also refuses those (and padding).
  if (nonce.toString('base64url') !== nonceText || body.toString('base64url') !== bodyText)
    throw new DecryptionError('malformed');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new DecryptionError('malformed');
  return {
    keyId,
    version: Number(versionText),
    nonce,
    ciphertext: body.subarray(0, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

/** Decrypts an envelope with the key it names; any failure is a DecryptionError. */
export function decryptField(key: Buffer, aad: FieldAad, envelope: string | ParsedEnvelope): string {
  return decryptFieldBytes(key, aad, envelope).toString('utf8');
}

/** As `decryptField`, as bytes: for secrets the caller wipes after use (wrapped keys). */
export function decryptFieldBytes(key: Buffer, aad: FieldAad, envelope: string | ParsedEnvelope): Buffer {
  const parsed = typeof envelope === 'string' ? parseEnvelope(envelope) : envelope;
  try {
    return aesGcmDecrypt(key, parsed.nonce, fieldAad(aad, parsed), parsed.ciphertext, parsed.tag);
  } catch (error) {
    if (error instanceof AeadError || error instanceof RangeError)
      throw new DecryptionError('authentication');
    throw error;
  }
}
